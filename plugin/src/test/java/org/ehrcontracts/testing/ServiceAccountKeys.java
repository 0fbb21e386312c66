package org.ehrcontracts.testing;

import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/** Service-account keys for tests that build a GCS client with credentials. */
public final class ServiceAccountKeys {

  private ServiceAccountKeys() {}

  /** A throwaway service-account key with a fresh RSA key: synthetic, valid nowhere. */
  public static String fresh(String email) throws NoSuchAlgorithmException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    String body =
        Base64.getMimeEncoder(64, new byte[] {'\n'})
            .encodeToString(generator.generateKeyPair().getPrivate().getEncoded());
    String pem =
        ("-----BEGIN PRIVATE KEY-----\n" + body + "\n-----END PRIVATE KEY-----\n")
            .replace("\n", "\\n");
    return "{\"type\":\"service_account\",\"project_id\":\"site-project\","
        + "\"private_key_id\":\"0123456789abcdef\",\"private_key\":\""
        + pem
        + "\",\"client_email\":\""
        + email
        + "\",\"client_id\":\"1\",\"token_uri\":\"https://oauth2.googleapis.com/token\"}";
  }
}
