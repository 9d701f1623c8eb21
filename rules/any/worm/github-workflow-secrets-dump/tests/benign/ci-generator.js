// like an nx / create-app generator: writes a CI workflow that uses one named secret
function ciWorkflow(tree, name) {
  tree.write(`.github/workflows/${name}.yml`, [
    'name: CI',
    'on: [push, pull_request]',
    'jobs:',
    '  main:',
    '    runs-on: ubuntu-latest',
    '    env:',
    '      NX_CLOUD_ACCESS_TOKEN: ${{ secrets.NX_CLOUD_ACCESS_TOKEN }}',
    '    steps:',
    '      - uses: actions/checkout@v4',
    '      - run: npx nx affected -t lint test build',
  ].join('\n'));
}
module.exports = ciWorkflow;
