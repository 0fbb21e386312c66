// Starts the GCS test server in the invoker's JVM on an ephemeral loopback port, with the bucket,
// and hands its endpoint to the build through .mvn/maven.config. verify.groovy stops it.
def server = org.ehrcontracts.gcs.testserver.FakeGcsServer.start()
def storage = server.storage()
storage.create(com.google.cloud.storage.BucketInfo.of('aou-ehr-it-bucket'))
storage.close()
new File(basedir, '.mvn').mkdirs()
new File(basedir, '.mvn/maven.config').text = "-Dehr.gcs.endpoint=${server.endpoint()}\n"
System.properties.put('ehr.it.gcs.' + basedir.name, server)
return true
