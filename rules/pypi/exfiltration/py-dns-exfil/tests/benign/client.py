# like urllib3 / requests helpers: resolve the configured host; hash a token
import hashlib
import socket


def connect(host, port):
    addr = socket.gethostbyname(host)
    return socket.create_connection((addr, port))


def service_host(name, domain):
    return socket.getaddrinfo(name, 443)


def fingerprint(token):
    return hashlib.sha256(token.encode()).hexdigest()
