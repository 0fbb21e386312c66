// Builds exactly the shipped sample project: its pom.xml replaces this placeholder, its export is
// copied next to it.
new File(basedir, 'pom.xml').bytes = new File(sampleHpo, 'pom.xml').bytes
new File(basedir, 'export').mkdirs()
new File(sampleHpo, 'export').eachFile { file ->
  new File(basedir, 'export/' + file.name).bytes = file.bytes
}
return true
