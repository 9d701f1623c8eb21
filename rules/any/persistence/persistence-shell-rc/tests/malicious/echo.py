import os
# defanged: the appended line only echoes, and the target is a temp home
os.system("HOME=/tmp/fakehome; echo 'nohup echo beacon &' >> $HOME/.profile")
