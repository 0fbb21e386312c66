def server = System.properties.remove('ehr.it.gcs.' + basedir.name)
try {
  def log = new File(basedir, 'build.log').text.readLines()
  def manifest = new File(basedir, 'target/ehr/deid/export/.ehr-deid.json').absolutePath
  def other = new File(basedir, 'target/ehr/other-private').absolutePath
  def refusal = "  REFUSED deploy.deidentified: the seal of ${manifest} cannot be checked: there is no site seal key ehr-deid-seal.key in ${other}, where ehr:deidentify keeps it beside the crosswalk. Only the machine and private folder that ran ehr:deidentify can deploy its output: deploy from there, or point <crosswalk> (property ehr.deid.crosswalk) to the private folder that holds the key."
  assert log.contains('[ERROR] ' + refusal)
  assert log.any { it.startsWith('[INFO]   PASSED deploy.verified: passed ehr:verify at ') }
  assert log.any { it.startsWith('[ERROR] Failed to execute goal org.ehrcontracts:ehr-maven-plugin:') && it.contains('ehr:deploy refused to upload ') }
  assert new File(basedir, 'target/ehr/private/ehr-deid-seal.key').length() == 32
  def keyHex = new File(basedir, 'target/ehr/private/ehr-deid-seal.key').bytes.encodeHex().toString()
  assert !log.any { it.contains(keyHex) }
  assert server.countRequests('POST', '/upload/') == 0
  assert server.objects('aou-ehr-it-bucket').isEmpty()
} finally {
  server?.close()
}
