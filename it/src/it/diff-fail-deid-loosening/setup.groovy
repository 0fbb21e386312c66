// Two commits of a site contract on aou-ehr-current-deid; the second removes persons only above 89.
// The work tree then holds a third version that ehr:diff must not read.
import org.eclipse.jgit.api.Git
import org.eclipse.jgit.lib.PersonIdent

def site = new File(basedir, 'contracts/site.yaml')
site.parentFile.mkdirs()
def someone = new PersonIdent('Site Engineer', 'engineer@example.org')
def git = Git.init().setDirectory(basedir).call()
site.text = 'contract: site\nversion: 1.0.0\nextends: aou-ehr-current-deid\n'
git.add().addFilepattern('contracts').call()
git.commit().setMessage('site 1.0.0').setAuthor(someone).setCommitter(someone).call()
site.text = 'contract: site\nversion: 1.1.0\nextends: aou-ehr-current-deid\ndeidentification:\n  ageLimit: { maxAge: 89 }\n'
git.add().addFilepattern('contracts').call()
git.commit().setMessage('site 1.1.0').setAuthor(someone).setCommitter(someone).call()
git.close()
site.text = 'contract: site\nversion: 9.9.9\nextends: aou-ehr-current\n'
return true
