// Builds exactly the shipped sample project: its pom.xml replaces this placeholder, its export and
// its vocabulary are copied next to it.
new File(basedir, 'pom.xml').bytes = new File(sampleHpo, 'pom.xml').bytes
['export', 'vocabulary'].each { folder ->
  new File(basedir, folder).mkdirs()
  new File(sampleHpo, folder).eachFile { file ->
    new File(basedir, folder + '/' + file.name).bytes = file.bytes
  }
}
return true
