"""report_dom.py - checks a report page's DOM as Chromium left it.

Usage: report_dom.py DOM.html RESULT.json NETLOGS SERVER.log LANG [rtl]
       report_dom.py --net NETLOGS   (prints the page's requests; 1 if any)

DOM.html is `chromium --dump-dom` of the page, RESULT.json the same
message's `score-draft --json` line (same language), NETLOG.json the
`--log-net-log` of that load, SERVER.log the request log of the local
HTTP server the hostile mail points at.  Checks:
  - every piece of evidence with a place (subject, body, header, link,
    attachment) is a <mark id="ev-N-E"> whose pieces (the marks with that
    id or data-for it) read exactly the evidence, the finding f-N links to
    it and a footnote link after it goes back to #f-N;
  - no script from the mail ran (title unchanged, no id "pwned", no
    script, img, iframe, object, video, form, link or base element);
  - no http(s) request made for the page in the net logs (a request whose
    network isolation key is the file:// page, or to any host but the
    browser's own Google services, which Chromium calls by itself) and
    none at the server;
  - landmarks, one h1, the page language, and dir="rtl" when asked.
Prints "ok - ..." / "not ok - ..." lines; exit status 1 on any failure.
"""
import html.parser
import json
import re
import sys

INVISIBLE = re.compile('[\u061c\u200b-\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff]')


class Dom(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack = []          # open elements: (tag, attrs)
        self.tags = []           # every element: (tag, attrs)
        self.pieces = {}         # span id -> list of [text]
        self.open_pieces = []    # (stack depth, list to append to)
        self.refs = []           # hrefs of a.ref
        self.finding_links = {}  # f-N -> hrefs inside it
        self.title = ''
        self.in_title = False
        self.ids = {}

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.append((tag, a))
        if 'id' in a:
            self.ids.setdefault(a['id'], []).append(tag)
        if tag == 'mark' and (a.get('id') or a.get('data-for')):
            key = a.get('id') or a.get('data-for')
            buf = []
            self.pieces.setdefault(key, []).append(buf)
            self.open_pieces.append((len(self.stack), buf))
        if tag == 'a':
            if 'ref' in (a.get('class') or '').split():
                self.refs.append(a.get('href'))
            for t, at in self.stack:
                if t == 'li' and (at.get('id') or '').startswith('f-'):
                    self.finding_links.setdefault(at['id'], []).append(a.get('href'))
        if tag == 'title':
            self.in_title = True
        if tag not in ('meta', 'br', 'link', 'img', 'input', 'wbr'):
            self.stack.append((tag, a))

    def handle_endtag(self, tag):
        if tag == 'title':
            self.in_title = False
        while self.stack:
            t, _ = self.stack.pop()
            self.open_pieces = [(d, b) for d, b in self.open_pieces
                                if d < len(self.stack)]
            if t == tag:
                break

    def handle_data(self, data):
        if self.in_title:
            self.title += data
        for _, buf in self.open_pieces:
            buf.append(data)


def page_requests(paths):
    """http(s) requests in Chromium net logs that the page caused."""
    found = []
    for path in paths.split(','):
        text = open(path, encoding='utf-8', errors='replace').read()
        try:
            log = json.loads(text)
        except ValueError:   # a log cut short when the browser exited
            log = json.loads(text.rstrip().rstrip(',') + ']}')
        types = {v: k for k, v in log['constants']['logEventTypes'].items()}
        for e in log.get('events', []):
            p = e.get('params') or {}
            url = p.get('url', '')
            if types.get(e['type']) != 'URL_REQUEST_START_JOB' or \
                    not url.startswith(('http://', 'https://')):
                continue
            host = url.split('/')[2].split(':')[0]
            own = host.endswith(('.google.com', '.googleapis.com', '.gstatic.com'))
            if 'file://' in str(p.get('network_isolation_key', '')) or not own:
                found.append(url)
    return found


def main():
    dom_path, res_path, net_path, server_log, lang = sys.argv[1:6]
    want_rtl = len(sys.argv) > 6 and sys.argv[6] == 'rtl'
    name = dom_path.rsplit('/', 1)[-1]
    bad = []

    def check(what, cond):
        print(('ok - ' if cond else 'not ok - ') + name + ': ' + what)
        if not cond:
            bad.append(what)

    d = Dom()
    d.feed(open(dom_path, encoding='utf-8').read())
    res = json.loads(open(res_path, encoding='utf-8').readline())

    # every hit's evidence highlighted and linked both ways
    placed = missing = 0
    wrong = []
    for n, h in enumerate(res['hits'], 1):
        for e, ev in enumerate(h['evidence']):
            if ev['where'] == 'message':
                continue
            placed += 1
            key = 'ev-%d-%d' % (n, e)
            if d.ids.get(key) != ['mark']:
                missing += 1
                wrong.append(key + ' not a mark')
                continue
            text = ''.join(''.join(p) for p in d.pieces.get(key, []))
            if not INVISIBLE.search(ev['text']) and text != ev['text']:
                wrong.append('%s reads %r, evidence %r' % (key, text, ev['text']))
            if '#' + key not in d.finding_links.get('f-%d' % n, []):
                wrong.append('f-%d does not link to %s' % (n, key))
            if '#f-%d' % n not in d.refs:
                wrong.append('no footnote back to f-%d' % n)
    for w in wrong[:10]:
        print('#   ' + w)
    check('%d evidence spans highlighted and linked both ways' % placed,
          not wrong and placed > 0 if res['hits'] else not wrong)
    check('every finding has its section', all(
        d.ids.get('f-%d' % n) == ['li'] for n in range(1, len(res['hits']) + 1)))

    # nothing from the mail ran or loads
    forbidden = {'script', 'img', 'iframe', 'object', 'embed', 'video', 'audio',
                 'form', 'input', 'link', 'base', 'svg', 'frame', 'source'}
    found = sorted({t for t, _ in d.tags} & forbidden)
    check('no active or loading element (%s)' % ','.join(found), not found)
    check('title as written: %r' % d.title[:60],
          d.title.startswith(('Risk ', '风险 ')) and 'PWNED' not in d.title)
    check('no element was given id "pwned"', 'pwned' not in d.ids)
    handlers = [k for _, a in d.tags for k in a if k.startswith('on')]
    check('no event handler attribute', not handlers)
    hrefs = [a.get('href') for t, a in d.tags if t == 'a']
    check('every link stays in the page', all(h and h.startswith('#') for h in hrefs))
    csp = [a for t, a in d.tags if t == 'meta' and
           (a.get('http-equiv') or '').lower() == 'content-security-policy']
    check('strict CSP', len(csp) == 1 and "default-src 'none'" in csp[0].get('content', ''))

    urls = page_requests(net_path)
    check('no http(s) request for the page in the net log (%s)' % ' '.join(urls[:3]),
          not urls)
    reqs = [l for l in open(server_log, encoding='utf-8', errors='replace') if l.strip()]
    check('the local server got no request (%s)' % ''.join(reqs[:2]).strip(), not reqs)

    # structure, language, direction
    tags = [t for t, _ in d.tags]
    check('landmarks header, nav, main, footer',
          all(t in tags for t in ('header', 'nav', 'main', 'footer')))
    check('one h1 and h2 sections', tags.count('h1') == 1 and tags.count('h2') >= 2)
    html_attrs = next((a for t, a in d.tags if t == 'html'), {})
    check('page language ' + lang, html_attrs.get('lang') == lang)
    if lang == 'zh':
        page = open(dom_path, encoding='utf-8').read()
        check('Chinese headings', '发现的问题' in page and '收件人看到的邮件' in page)
    if want_rtl:
        check('body text right to left', any(
            'body' in (a.get('class') or '').split() and a.get('dir') == 'rtl'
            for t, a in d.tags))
    return 1 if bad else 0


if __name__ == '__main__':
    if sys.argv[1] == '--net':
        reqs = page_requests(sys.argv[2])
        print('\n'.join(reqs))
        sys.exit(1 if reqs else 0)
    sys.exit(main())
