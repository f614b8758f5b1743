"""The attack-surface check's rules as pure functions: no database, no network.

``names``: what a domain the company adds may be; ``verification``: the DNS TXT ownership record;
``addresses``: which resolved addresses may be probed (SSRF guard); ``mail``: SPF, DMARC, MX;
``web``: certificate, protocol versions, redirect, security headers, banners; ``services``: exposed
ports and VPN-device products; ``findings``: the finding record and the summary of a run.
"""
