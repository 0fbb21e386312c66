// Makes the project a git repository whose last commit holds contracts/base.yaml at maxLength 50,
// then loosens base.yaml in the work tree only: ehr:diff must read the committed parent for
// git:HEAD:contracts/site.yaml and the work tree's for contracts/site.yaml. JGit, as the plugin.
import org.eclipse.jgit.api.Git
import org.eclipse.jgit.lib.PersonIdent

def source = new File(new File(sampleHpo).parentFile, 'src/it/verify-pass-no-project/2020-01-15-v1')
def export = new File(basedir, '2020-01-15-v1')
export.mkdirs()
source.eachFile { f -> new File(export, f.name).bytes = f.bytes }

def base = new File(basedir, 'contracts/base.yaml')
base.text = '''contract: site-base
version: 1.0.0
extends: aou-ehr-current
tables:
  person:
    columns:
      - { name: person_source_value, maxLength: 50 }
'''
def someone = new PersonIdent('Site Engineer', 'engineer@example.org')
def git = Git.init().setDirectory(basedir).call()
git.add().addFilepattern('contracts').call()
git.commit().setMessage('site contract 1.0.0').setAuthor(someone).setCommitter(someone).call()
git.close()

base.text = '''contract: site-base
version: 1.1.0
extends: aou-ehr-current
tables:
  person:
    columns:
      - { name: person_source_value, maxLength: 100 }
  site_note:
    description: Free-form notes a site may add; optional.
    columns:
      - { name: site_note_id, type: integer, required: true }
      - { name: person_id, type: integer, required: true, references: person.person_id }
'''
return true
