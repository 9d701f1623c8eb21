export PATH=$PATH:~/bin
alias ll='ls -l'
