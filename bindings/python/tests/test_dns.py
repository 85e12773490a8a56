"""Scorer.check_sender / check_recipients against a real nsd on 127.0.0.1,
started by the same script as the C tests (tests/dns/nsd-start.sh) for a
zone written here; without nsd the tests FAIL (they never skip)."""
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import unittest

from support import TOP
import libscore

ZONE = """$ORIGIN py.test.
$TTL 300
@ IN SOA ns.py.test. h.py.test. 1 3600 600 86400 60
@ IN NS ns
ns IN A 127.0.0.1
mx IN A 192.0.2.10
good IN TXT "v=spf1 ip4:192.0.2.0/24 -all"
good IN MX 10 mx.py.test.
_dmarc.good IN TXT "v=DMARC1; p=reject; rua=mailto:d@py.test"
nospf IN MX 10 mx.py.test.
_dmarc.nospf IN TXT "v=DMARC1; p=none"
nullmx IN MX 0 .
"""


class Server:
    def __init__(self):
        self.dir = tempfile.mkdtemp(prefix="lsc-nsd-py-")
        with open(os.path.join(self.dir, "py.test.zone"), "w") as f:
            f.write(ZONE)
        out = subprocess.run(
            ["sh", os.path.join(TOP, "tests", "dns", "nsd-start.sh"),
             self.dir], capture_output=True, text=True)
        if out.returncode != 0:
            shutil.rmtree(self.dir, ignore_errors=True)
            raise RuntimeError("nsd did not start (apt-get install nsd): "
                               + out.stderr.strip())
        port, pid = out.stdout.split()
        self.server = "127.0.0.1:" + port
        self.pid = int(pid)

    def stop(self):
        try:
            os.kill(self.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
        for _ in range(200):
            try:
                os.kill(self.pid, 0)
            except ProcessLookupError:
                break
            time.sleep(0.01)
        shutil.rmtree(self.dir, ignore_errors=True)


class DnsChecks(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.ns = Server()     # raises (the tests fail) without nsd
        cls.scorer = libscore.Scorer()

    @classmethod
    def tearDownClass(cls):
        cls.scorer.close()
        cls.ns.stop()

    def test_good_domain_is_ok(self):
        with self.scorer.check_sender("good.py.test",
                                      servers=self.ns.server,
                                      sending_ip="192.0.2.9") as c:
            self.assertEqual(c.state, "ok", c.hits)
            self.assertEqual(c.points, 0)
            self.assertEqual(c.facts["spf.result"], "pass")
            self.assertEqual(c.facts["dmarc.policy"], "reject")
            self.assertGreater(c.queries, 0)

    def test_findings_have_the_hit_shape_and_join_the_score(self):
        c = self.scorer.check_sender("nospf.py.test", servers=self.ns.server)
        try:
            self.assertEqual(c.state, "problems")
            h = c.hit("SPF_MISSING")
            self.assertIsNotNone(h)
            self.assertEqual(h.group, "dns")
            self.assertEqual(h.evidence[0].where, "dns")
            self.assertEqual(h.evidence[0].header, "nospf.py.test")
            self.assertIsNotNone(c.hit("DMARC_POLICY_NONE"))
            msg = b"From: a@nospf.py.test\r\nTo: b@example.org\r\n" \
                  b"Subject: hi\r\n\r\nHello.\r\n"
            plain = self.scorer.score(msg)
            joined = self.scorer.score(msg, check=c)
            self.assertIsNone(plain.hit("SPF_MISSING"))
            self.assertIsNotNone(joined.hit("SPF_MISSING"))
            self.assertGreater(joined.points, plain.points)
            d = self.scorer.score_draft(from_="a@nospf.py.test",
                                        to="b@example.org", subject="hi",
                                        text="Hello.", check=c)
            self.assertIsNotNone(d.hit("SPF_MISSING"))
        finally:
            c.close()

    def test_recipients(self):
        c = self.scorer.check_recipients(
            ["ann@good.py.test", "bob@gone.py.test", "c@nullmx.py.test",
             "d@gmial.com"], servers=self.ns.server, deadline_ms=3000)
        with c:
            ids = [h.id for h in c.hits]
            self.assertIn("RCPT_NXDOMAIN", ids)
            self.assertIn("RCPT_NULL_MX", ids)
            typo = c.hit("RCPT_TYPO")
            self.assertIn("gmail.com", typo.suggestion)
            # gmial.com is not served here: that domain is "unknown"
            self.assertEqual(c.state, "unknown")

    def test_silent_server_is_unknown(self):
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        s.bind(("127.0.0.1", 0))
        try:
            server = "127.0.0.1:%d" % s.getsockname()[1]
            t0 = time.monotonic()
            with self.scorer.check_sender("good.py.test", servers=server,
                                          timeout_ms=100,
                                          deadline_ms=300) as c:
                self.assertEqual(c.state, "unknown")
                self.assertIsNotNone(c.hit("DNS_UNKNOWN"))
            self.assertLess(time.monotonic() - t0, 1.5)
        finally:
            s.close()

    def test_cache_answers_without_asking(self):
        cache = libscore.DnsCache()
        try:
            with self.scorer.check_sender("good.py.test", cache=cache,
                                          servers=self.ns.server) as c1:
                self.assertGreater(c1.queries, 0)
            with self.scorer.check_sender("good.py.test", cache=cache,
                                          servers=self.ns.server) as c2:
                self.assertEqual(c2.queries, 0)
            self.assertGreater(cache.stats()[0], 0)
        finally:
            cache.close()

    def test_bad_arguments_raise(self):
        with self.assertRaises(libscore.InvalidArgument):
            self.scorer.check_sender("not a domain", servers=self.ns.server)
        with self.assertRaises(libscore.ConfigError):
            self.scorer.check_sender("good.py.test", servers="nonsense:x")
        with self.assertRaises(TypeError):
            self.scorer.check_sender("good.py.test", colour="blue")


if __name__ == "__main__":
    unittest.main()
