def text = new File(basedir, 'build.log').text
def log = text.readLines()
assert log.contains("[ERROR] broken-contract.yaml:7:38: error: unknown key 'maxLenght' in a column (did you mean 'maxLength'?) [contract.unknown-key]")
assert log.contains("[ERROR] broken-contract.yaml:9:11: error: 'header' must be true or false, but is a string [contract.type]")
assert text.contains("The contract 'broken-contract.yaml' has 2 problems (listed above); fix the contract before any data is checked.")
assert !text.contains("Verifying ") : "no data may be read when the contract is broken"
assert !(text =~ /(?m)^\s+at [a-z]+\./) : 'no stack trace'
