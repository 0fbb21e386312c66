def server = System.properties.remove('ehr.it.gcs.' + basedir.name)
try {
  def log = new File(basedir, 'build.log').text.readLines()
  def today = java.time.LocalDate.now().toString()
  def folder = "${today}-v1"

  assert log.any { it ==~ /\[INFO\] Deploying to gs:\/\/aou-ehr-it-bucket as anonymous \(no credentials, emulator at http:\/\/127\.0\.0\.1:\d+\)/ }
  assert log.any { it.startsWith("[INFO]   to     gs://aou-ehr-it-bucket/${folder}/  [next free version]") }
  assert log.any { it ==~ /\[INFO\]   PASSED deploy\.verified: passed ehr:verify at \S+ against site-identified 1\.0\.0; all 7 files are unchanged since\./ }
  ['location.csv', 'visit_occurrence.csv', 'measurement.csv', 'person.csv'].each { file ->
    assert log.any { it ==~ /\[INFO\]   ${java.util.regex.Pattern.quote(file)} +[0-9,]+ B  uploaded +gs:\/\/aou-ehr-it-bucket\/${folder}\/${java.util.regex.Pattern.quote(file)} \([0-9.]+ s\)/ } : file
  }
  assert log.any { it ==~ /\[INFO\] Deployed export to gs:\/\/aou-ehr-it-bucket\/${folder}\/: 7 files, 7 uploaded, 0 already there; 161,059 B in [0-9.]+ s \([0-9.]+ MB\/s\)/ }
  assert !log.any { it.startsWith('[ERROR]') || it.startsWith('[WARNING]') }

  // The receipt.
  def receipt = new groovy.json.JsonSlurper().parse(new File(basedir, 'target/ehr/export/deploy.json'))
  assert receipt.bucket == 'aou-ehr-it-bucket'
  assert receipt.folder == folder
  assert receipt.status == 'complete'
  assert receipt.objects.size() == 7
  assert receipt.objects*.action.every { it == 'uploaded' }
  assert receipt.objects[-1].file == 'person.csv'

  // The bucket: every file byte for byte, person.csv stored last.
  def objects = server.objects('aou-ehr-it-bucket')
  assert objects*.name().sort() == receipt.objects*.object.sort()
  objects.each { object ->
    def local = new File(sampleHpo, 'export/' + object.name().substring(folder.length() + 1))
    assert java.util.Arrays.equals(object.data(), local.bytes) : object.name()
  }
  assert objects.max { it.generation() }.name() == "${folder}/person.csv"
} finally {
  server?.close()
}
