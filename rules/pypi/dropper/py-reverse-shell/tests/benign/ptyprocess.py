# like ptyprocess: fork a child on a pseudo-terminal; no network
import os
import pty


def spawn(argv):
    pid, fd = pty.fork()
    if pid == 0:
        os.dup2(os.open(os.devnull, os.O_RDWR), 3)
        os.execvp(argv[0], argv)
    return pid, fd


def serve(sock_path):
    import socket
    srv = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    srv.bind(sock_path)
    return srv
