def server = System.properties.remove('ehr.it.gcs.' + basedir.name)
try {
  def log = new File(basedir, 'build.log').text.readLines()
  def deid = new File(basedir, 'target/ehr/deid/export').absolutePath
  def refusal = "  REFUSED deploy.deidentified: contract aou-ehr-alpha requires de-identification, and there is no de-identified output at ${deid}; raw data is never uploaded. Run mvn ehr:deidentify first."
  assert log.contains('[ERROR] ' + refusal)
  assert log.any { it.startsWith('[ERROR] Failed to execute goal org.ehrcontracts:ehr-maven-plugin:') && it.contains('ehr:deploy refused to upload ') && it.contains('nothing was uploaded. REFUSED deploy.deidentified: ') }
  assert server.countRequests('POST', '/upload/') == 0
  assert server.objects('aou-ehr-it-bucket').isEmpty()
  assert !new File(basedir, 'target/ehr/export/deploy.json').exists()
} finally {
  server?.close()
}
