"""A Twisted FTP server on loopback for the engine's tests.

Usage: python3 twisted_ftpd.py ROOT
Serves ROOT to anonymous users on 127.0.0.1 at a free port, prints the port
on one line, and runs until its standard input closes (so it never outlives
the test that started it).
"""

import sys

from twisted.cred.portal import Portal
from twisted.cred.checkers import AllowAnonymousAccess
from twisted.internet import reactor, stdio
from twisted.protocols.basic import LineReceiver
from twisted.protocols.ftp import FTPFactory, FTPRealm


class StopOnEOF(LineReceiver):
    def connectionLost(self, reason):
        if reactor.running:
            reactor.stop()


def main():
    root = sys.argv[1]
    portal = Portal(FTPRealm(anonymousRoot=root), [AllowAnonymousAccess()])
    factory = FTPFactory(portal)
    factory.allowAnonymous = True
    port = reactor.listenTCP(0, factory, interface="127.0.0.1")
    print(port.getHost().port, flush=True)
    stdio.StandardIO(StopOnEOF())
    reactor.callLater(120, reactor.stop)  # a bound, whatever happens
    reactor.run()


if __name__ == "__main__":
    main()
