# SPDX-License-Identifier: MIT
# The GitHub Models client: transport, SSE, API, auth, routing, retries and its commands.
libaurelis_a_SOURCES += \
	src/auth.c src/auth.h \
	src/cancel.c src/cancel.h \
	src/catalog.c src/catalog.h \
	src/client.c src/client.h \
	src/cmd-ask.c \
	src/cmd-auth.c \
	src/cmd-health.c \
	src/cmd-models.c \
	src/http.c src/http.h \
	src/models.c src/models.h \
	src/retry.c src/retry.h \
	src/router.c src/router.h \
	src/sse.c src/sse.h \
	src/statefile.c src/statefile.h

if HAVE_CMOCKA
CLIENT_UNIT_TESTS = \
	tests/unit/test-auth \
	tests/unit/test-http \
	tests/unit/test-models \
	tests/unit/test-retry \
	tests/unit/test-router \
	tests/unit/test-catalog \
	tests/unit/test-sse
check_PROGRAMS += $(CLIENT_UNIT_TESTS)
TESTS += $(CLIENT_UNIT_TESTS)

tests_unit_test_catalog_SOURCES = tests/unit/test-catalog.c
tests_unit_test_catalog_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_catalog_LDADD = $(UNIT_LDADD)
tests_unit_test_auth_SOURCES = tests/unit/test-auth.c
tests_unit_test_auth_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_auth_LDADD = $(UNIT_LDADD)
tests_unit_test_retry_SOURCES = tests/unit/test-retry.c
tests_unit_test_retry_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_retry_LDADD = $(UNIT_LDADD)
tests_unit_test_router_SOURCES = tests/unit/test-router.c
tests_unit_test_router_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_router_LDADD = $(UNIT_LDADD)
tests_unit_test_http_SOURCES = tests/unit/test-http.c
tests_unit_test_http_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_http_LDADD = $(UNIT_LDADD)
tests_unit_test_models_SOURCES = tests/unit/test-models.c
tests_unit_test_models_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_models_LDADD = $(UNIT_LDADD)
tests_unit_test_sse_SOURCES = tests/unit/test-sse.c
tests_unit_test_sse_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_sse_LDADD = $(UNIT_LDADD)
endif

CLIENT_INTEGRATION_TESTS = \
	tests/integration/client-ask.sh \
	tests/integration/client-catalog.sh \
	tests/integration/client-errors.sh \
	tests/integration/client-retry.sh \
	tests/integration/client-tls.sh \
	tests/integration/keyring.sh
TESTS += $(CLIENT_INTEGRATION_TESTS)
dist_noinst_SCRIPTS += $(CLIENT_INTEGRATION_TESTS)
EXTRA_DIST += tests/integration/clientlib.sh

if ENABLE_FUZZING
CLIENT_FUZZ_TARGETS = tests/fuzz/fuzz-sse tests/fuzz/fuzz-chat-response tests/fuzz/fuzz-catalog
noinst_PROGRAMS += $(CLIENT_FUZZ_TARGETS)
tests_fuzz_fuzz_sse_SOURCES = tests/fuzz/fuzz-sse.c
tests_fuzz_fuzz_sse_LDFLAGS = $(FUZZER_LINK)
tests_fuzz_fuzz_sse_LDADD = libaurelis.a $(ALL_LIBS)
tests_fuzz_fuzz_chat_response_SOURCES = tests/fuzz/fuzz-chat-response.c
tests_fuzz_fuzz_chat_response_LDFLAGS = $(FUZZER_LINK)
tests_fuzz_fuzz_chat_response_LDADD = libaurelis.a $(ALL_LIBS)
tests_fuzz_fuzz_catalog_SOURCES = tests/fuzz/fuzz-catalog.c
tests_fuzz_fuzz_catalog_LDFLAGS = $(FUZZER_LINK)
tests_fuzz_fuzz_catalog_LDADD = libaurelis.a $(ALL_LIBS)
endif
EXTRA_DIST += tests/fuzz/sse.dict tests/fuzz/chat-response.dict tests/fuzz/catalog.dict
