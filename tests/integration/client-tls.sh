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

# A working tunnelling proxy: the request really goes through it, from each source.
netfix_start proxy
live="http://127.0.0.1:$NETFIX_PORT"
proxy_log=$NETFIX_LOG
connects() { grep -c "\"CONNECT\", \"target\": \"127.0.0.1:$FAKE_PORT\"" "$proxy_log"; }
HTTPS_PROXY="$live" SSL_CERT_FILE="$FAKE_CA" ask "via https_proxy"
check_rc 0 "HTTPS_PROXY: the answer comes through the proxy"
check_eq "$OUT" "Echo: via https_proxy" "the whole answer arrives through the tunnel"
check "the proxy saw CONNECT 127.0.0.1:$FAKE_PORT ($(connects))" test "$(connects)" -ge 1
n=$(connects)
client_config "network:" "  proxy: $live" "security:" "  ca_bundle: $FAKE_CA"
HTTPS_PROXY="http://127.0.0.1:$dead" ask "via network.proxy"
check_rc 0 "network.proxy is used, and wins over HTTPS_PROXY"
check "the proxy saw the request again" test "$(connects)" -gt "$n"
n=$(connects)
client_config "security:" "  ca_bundle: $FAKE_CA"
HTTPS_PROXY="$live" NO_PROXY="localhost,127.0.0.1" ask "bypass"
check_rc 0 "NO_PROXY: the answer comes directly"
check_eq "$(connects)" "$n" "and the proxy saw nothing"
HTTPS_PROXY="http://aurelis:s3cret@127.0.0.1:$NETFIX_PORT" ask "with credentials"
check_rc 0 "a proxy with credentials in its URL works"
check "the credentials were sent to the proxy" sh -c "tail -1 '$proxy_log' | grep -q '\"proxy_authorization\": true'"
# A proxy that refuses the tunnel: its status, the proxy (password hidden) and the source.
netfix_start proxy --refuse 403
HTTPS_PROXY="http://aurelis:s3cret@127.0.0.1:$NETFIX_PORT" ask "refused"
check_rc 4 "a proxy refusing CONNECT fails with exit 4"
check_err_has "the proxy http://***@127.0.0.1:$NETFIX_PORT (from HTTPS_PROXY)" "the message names the proxy and where it came from"
check_err_has "403" "and the proxy's answer"
check_err_lacks "s3cret" "never the proxy's password"
client_config
fresh_state

# HTTP/2 where available: the TLS handshake offers h2 (ALPN) and takes it when offered back.
netfix_start alpn --tls-cert "$FAKE_DIR/certs/server.pem" --tls-key "$FAKE_DIR/certs/server.key"
AURELIS_ENDPOINT="https://127.0.0.1:$NETFIX_PORT/inference" SSL_CERT_FILE="$FAKE_CA" ask "h2?"
if curl --version | grep -q '^Features:.*HTTP2'; then
	check_eq "$(head -1 "$NETFIX_LOG")" '{"alpn": "h2"}' "a server offering h2 gets h2 (libcurl has HTTP/2)"
else
	ok "# SKIP libcurl here has no HTTP/2"
fi
fresh_state

# request.connect_timeout: a host whose connects hang fails after the timeout, each retry too.
netfix_start blackhole
client_config "request:" "  connect_timeout: 1" "  max_retries: 1" "  backoff_base_ms: 20" "  backoff_max_ms: 20" \
	"models:" "  routes:" "    chat: [openai/gpt-4.1-mini]"
t0=$(now_ms)
AURELIS_ENDPOINT="http://127.0.0.1:$NETFIX_PORT/inference" ask hi
t1=$(now_ms)
check_rc 8 "a connect that hangs fails with exit 8 (timeout)"
check_err_has "connecting to 127.0.0.1 port $NETFIX_PORT timed out after 1 s" "the message names host, port and the timeout"
check_err_has "request.connect_timeout" "the hint names the setting"
check_err_has "after 1 retry" "a connect timeout is retried like any connection error"
# The catalogue (for the model's limits) is tried once, then the chat twice: 3 x 1 s, where
# the default timeout would have waited 15 s for each.
check "each connect gave up after about 1 s ($((t1 - t0)) ms for three)" test $((t1 - t0)) -ge 2900 -a $((t1 - t0)) -lt 5500
client_config
fresh_state

# DNS and refused connections.
AURELIS_ENDPOINT=https://no-such-host.invalid/inference ask hi
check_rc 4 "an unknown host fails with exit 4"
check_err_has "cannot resolve the host name 'no-such-host.invalid'" "the message names the host"
AURELIS_ENDPOINT="http://127.0.0.1:$dead/inference" ask hi
check_rc 4 "a refused connection fails with exit 4"
check_err_has "cannot connect to 127.0.0.1 port $dead: Connection refused" "the message names host, port and cause"
check_err_has "after 3 retries" "connection errors are retried"

done_testing
