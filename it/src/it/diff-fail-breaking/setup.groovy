// The export that passes aou-ehr-current, shared with verify-pass-no-project (synthetic data).
def source = new File(new File(sampleHpo).parentFile, 'src/it/verify-pass-no-project/2020-01-15-v1')
def target = new File(basedir, '2020-01-15-v1')
target.mkdirs()
source.eachFile { f -> new File(target, f.name).bytes = f.bytes }
return true
