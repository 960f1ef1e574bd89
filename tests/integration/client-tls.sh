#!/bin/sh
# SPDX-License-Identifier: MIT
# The transport's failures and TLS: the throwaway CA from each source, the wrong CA with
# its path in the message, proxies, DNS and refused connections, each with its real cause.
. "$AURELIS_SRCDIR/tests/integration/clientlib.sh"
fake_start --tls
export AURELIS_ENDPOINT="$FAKE_ENDPOINT"

# The system store does not know the test CA.
ask hi
check_rc 4 "an unknown CA fails with exit 4"
check_err_has "TLS with 127.0.0.1 failed" "the message says TLS"
check_err_has "CA bundle:" "and names the CA bundle in use"
check_err_has "security.ca_bundle" "the hint says how to fix it"

client_config "security:" "  ca_bundle: $FAKE_CA"
ask "over tls"
check_rc 0 "security.ca_bundle trusts the test CA"
check_eq "$OUT" "Echo: over tls" "the answer arrives over HTTPS"
check_eq "$(req_py 'r["headers"]["authorization"]')" "Bearer sha256:$(token_hash "$TOKEN")" "the token travels over TLS"
client_config

SSL_CERT_FILE="$FAKE_CA" ask "via ssl_cert_file"
check_rc 0 "SSL_CERT_FILE trusts the test CA"
CURL_CA_BUNDLE="$FAKE_CA" ask "via curl_ca_bundle"
check_rc 0 "CURL_CA_BUNDLE trusts the test CA"

SSL_CERT_FILE="$FAKE_OTHER_CA" ask hi
check_rc 4 "the wrong CA fails"
check_err_has "$FAKE_OTHER_CA" "the message names the CA file used"
check_err_has "from SSL_CERT_FILE" "and where it came from"

client_config "security:" "  ca_bundle: $TMPROOT/no-such-ca.pem"
ask hi
check_rc 4 "a missing CA file fails"
check_err_has "$TMPROOT/no-such-ca.pem" "the message names the missing file"
client_config

# A proxy that refuses connections, from the configuration and from HTTPS_PROXY.
dead=$("$PYTHON3" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
client_config "network:" "  proxy: http://127.0.0.1:$dead"
ask hi
check_rc 4 "a dead proxy fails with exit 4"
check_err_has "cannot connect through the proxy http://127.0.0.1:$dead (from network.proxy): Connection refused" "the message names the proxy and the cause"
client_config
HTTPS_PROXY="http://127.0.0.1:$dead" ask hi
check_err_has "(from HTTPS_PROXY)" "HTTPS_PROXY is used and named"
HTTPS_PROXY="http://127.0.0.1:$dead" NO_PROXY="127.0.0.1" SSL_CERT_FILE="$FAKE_CA" ask "no proxy"
check_rc 0 "NO_PROXY bypasses the proxy"
HTTPS_PROXY="http://proxy.invalid:3128" ask hi
check_rc 4 "an unresolvable proxy fails"
check_err_has "cannot resolve the proxy" "the message says the proxy's name did not resolve"

# DNS and refused connections.
AURELIS_ENDPOINT=https://no-such-host.invalid/inference ask hi
check_rc 4 "an unknown host fails with exit 4"
check_err_has "cannot resolve the host name 'no-such-host.invalid'" "the message names the host"
AURELIS_ENDPOINT="http://127.0.0.1:$dead/inference" ask hi
check_rc 4 "a refused connection fails with exit 4"
check_err_has "cannot connect to 127.0.0.1 port $dead: Connection refused" "the message names host, port and cause"
check_err_has "after 3 retries" "connection errors are retried"

done_testing
