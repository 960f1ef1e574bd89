/* SPDX-License-Identifier: MIT */
/* The rule table: one X-macro list that the engine, the help, SARIF and the tests read. */
#ifndef AURELIS_ANALYSIS_RULES_H
#define AURELIS_ANALYSIS_RULES_H

#include "lang/lang.h"

#define L_C LANG_SET_C
#define L_PY LANG_BIT(LANG_PYTHON)
#define L_JS LANG_SET_JS
#define L_SH LANG_BIT(LANG_SHELL)
#define L_ALL LANG_SET_ALL

/* X(name, id, languages, category, default severity, CWE (0: none), message, fix hint) */
#define ANALYSIS_RULES(X) \
	X(C_GETS, "c-gets", L_C, SECURITY, ERROR, 242, \
	  "gets() reads a line with no bound on its length", \
	  "Use fgets(buf, sizeof buf, stdin) and strip the newline.") \
	X(C_STRCPY_FIXED, "c-strcpy-fixed", L_C, SECURITY, ERROR, 120, \
	  "strcpy() copies into a fixed-size array without checking the length", \
	  "Use snprintf(dst, sizeof dst, \"%s\", src), or check strlen(src) < sizeof dst first.") \
	X(C_STRCAT_FIXED, "c-strcat-fixed", L_C, SECURITY, ERROR, 120, \
	  "strcat() appends to a fixed-size array without checking the room left", \
	  "Track the used length and use snprintf(dst + used, sizeof dst - used, ...).") \
	X(C_SPRINTF_FIXED, "c-sprintf-fixed", L_C, SECURITY, ERROR, 120, \
	  "sprintf() writes into a fixed-size array with no bound", \
	  "Use snprintf(dst, sizeof dst, ...) and check its result.") \
	X(C_SCANF_UNBOUNDED, "c-scanf-unbounded", L_C, SECURITY, ERROR, 120, \
	  "%s or %[ in a scanf format without a field width", \
	  "Give a width one less than the buffer size, e.g. \"%63s\" for char buf[64].") \
	X(C_FORMAT_NONLITERAL, "c-format-nonliteral", L_C, SECURITY, ERROR, 134, \
	  "format string is not a literal", \
	  "Pass the text as an argument: printf(\"%s\", text).") \
	X(C_COMMAND_INJECTION, "c-command-injection", L_C, SECURITY, ERROR, 78, \
	  "system() or popen() runs a command built at run time", \
	  "Run the program directly with fork() and execv() (or posix_spawn) and an argument vector.") \
	X(C_EXEC_NONCONSTANT, "c-exec-nonconstant", L_C, SECURITY, WARNING, 78, \
	  "exec*() runs a program whose path is not a constant", \
	  "Use an absolute constant path, or validate the program name against an allow-list.") \
	X(C_TOCTOU, "c-toctou-access", L_C, SECURITY, WARNING, 367, \
	  "access() checks a path that is then opened: the file can change in between", \
	  "Open the file first and check what you opened (fstat, or open with the user's rights).") \
	X(C_RAND_SECURITY, "c-rand-security", L_C, SECURITY, WARNING, 338, \
	  "rand() is predictable and must not make secrets, keys or tokens", \
	  "Use getrandom(), arc4random() or a cryptographic library.") \
	X(C_MALLOC_UNCHECKED, "c-malloc-unchecked", L_C, CORRECTNESS, WARNING, 690, \
	  "result of an allocation is used without a NULL check", \
	  "Check the pointer for NULL right after the call and handle the failure.") \
	X(C_DOUBLE_FREE, "c-double-free", L_C, SECURITY, ERROR, 415, \
	  "memory is freed twice", \
	  "Set the pointer to NULL after freeing it, and free it on one path only.") \
	X(C_USE_AFTER_FREE, "c-use-after-free", L_C, SECURITY, ERROR, 416, \
	  "memory is used after it was freed", \
	  "Move the free() after the last use, or set the pointer to NULL and check it.") \
	X(C_LEAK, "c-leak-early-return", L_C, CORRECTNESS, WARNING, 401, \
	  "allocated memory is not freed on this return path", \
	  "Free it before returning, or jump to a single cleanup label (goto out).") \
	X(C_RESOURCE_LEAK, "c-resource-leak", L_C, CORRECTNESS, WARNING, 775, \
	  "an opened FILE or directory is not closed on this return path", \
	  "Close it before returning, or jump to a single cleanup label.") \
	X(C_NEW_DELETE, "c-new-delete-mismatch", L_C, CORRECTNESS, ERROR, 762, \
	  "memory from new[] is released with delete instead of delete[]", \
	  "Use delete[] for arrays, or hold them in std::vector or std::unique_ptr<T[]>.") \
	X(C_RETURN_LOCAL, "c-return-local-address", L_C, CORRECTNESS, ERROR, 562, \
	  "returns the address of a local variable, which dies with the function", \
	  "Return a copy, allocate the result, or let the caller pass the buffer.") \
	X(C_ALLOC_OVERFLOW, "c-alloc-size-overflow", L_C, SECURITY, WARNING, 190, \
	  "allocation size is a multiplication that can overflow", \
	  "Use calloc(n, size), reallocarray(), or check n > SIZE_MAX / size before multiplying.") \
	X(C_SIGNED_LENGTH, "c-signed-length", L_C, SECURITY, WARNING, 195, \
	  "a signed length reaches a size argument: a negative value becomes huge", \
	  "Use size_t for lengths, or reject negative values before the call.") \
	X(C_SIGN_COMPARE, "c-sign-compare", L_C, CORRECTNESS, WARNING, 839, \
	  "a signed length is compared with an unsigned size: negative values pass the check", \
	  "Use size_t for the length, or check that it is not negative first.") \
	X(C_INSECURE_TEMP, "c-insecure-tempfile", L_C, SECURITY, WARNING, 377, \
	  "tmpnam()/tempnam()/mktemp() make a name another process can take first", \
	  "Use mkstemp() or tmpfile(), which create the file atomically.") \
	X(C_STRLEN_LOOP, "c-strlen-loop", L_C, PERFORMANCE, WARNING, 0, \
	  "strlen() in a loop condition runs on every iteration (quadratic)", \
	  "Compute the length once before the loop, or test s[i] != '\\0'.") \
	X(C_LARGE_STRUCT, "c-large-struct-by-value", L_C, PERFORMANCE, INFO, 0, \
	  "a large struct is passed by value and copied on every call", \
	  "Pass a pointer (const T *) instead.") \
	X(C_REALLOC_LEAK, "c-realloc-leak", L_C, CORRECTNESS, WARNING, 401, \
	  "p = realloc(p, ...) loses the original block when realloc fails", \
	  "Assign to a temporary, check it, then replace the pointer.") \
	X(C_ALLOCA, "c-alloca", L_C, SECURITY, WARNING, 770, \
	  "alloca() with a size known only at run time can overflow the stack", \
	  "Use malloc() with a checked size, or a fixed-size array with a bound check.") \
	X(C_SIZEOF_POINTER, "c-sizeof-pointer", L_C, CORRECTNESS, WARNING, 467, \
	  "sizeof of a pointer is used as the size of the buffer it points to", \
	  "Use the buffer's real length (or sizeof *p times the element count).") \
	X(C_ASSIGN_IN_COND, "c-assign-in-condition", L_C, CORRECTNESS, WARNING, 481, \
	  "assignment used as a condition: probably meant ==", \
	  "Write == for a comparison, or wrap an intended assignment in extra parentheses.") \
	X(C_WEAK_CRYPTO, "c-weak-crypto", L_C, SECURITY, WARNING, 327, \
	  "broken cryptographic algorithm (MD4, MD5, DES, RC4)", \
	  "Use SHA-256 or better for hashing and AES-GCM or ChaCha20-Poly1305 for encryption.") \
	X(C_WORLD_WRITABLE, "c-world-writable", L_C, SECURITY, WARNING, 732, \
	  "file mode lets every user write", \
	  "Use 0644 for files and 0755 for directories, or narrower.") \
	X(C_MEMSET_SWAPPED, "c-memset-swapped", L_C, CORRECTNESS, ERROR, 687, \
	  "memset() with a length of 0: the value and length arguments look swapped", \
	  "The order is memset(ptr, value, length).") \
	X(PY_EVAL, "py-eval", L_PY, SECURITY, ERROR, 95, \
	  "eval()/exec() runs code built at run time", \
	  "Parse the data instead (ast.literal_eval, json.loads), or dispatch through a dict.") \
	X(PY_DESERIALIZE, "py-unsafe-deserialization", L_PY, SECURITY, ERROR, 502, \
	  "pickle/marshal can run arbitrary code while loading untrusted data", \
	  "Use json or another data-only format for anything that crosses a trust boundary.") \
	X(PY_YAML_LOAD, "py-yaml-load", L_PY, SECURITY, ERROR, 502, \
	  "yaml.load() without a safe loader can build arbitrary objects", \
	  "Use yaml.safe_load(), or yaml.load(data, Loader=yaml.SafeLoader).") \
	X(PY_SUBPROCESS_SHELL, "py-subprocess-shell", L_PY, SECURITY, ERROR, 78, \
	  "subprocess with shell=True runs a command string built at run time", \
	  "Pass a list of arguments without shell=True; use shlex.quote() if a shell is unavoidable.") \
	X(PY_OS_SYSTEM, "py-os-system", L_PY, SECURITY, ERROR, 78, \
	  "os.system()/os.popen() runs a shell command built at run time", \
	  "Use subprocess.run([...]) with a list of arguments.") \
	X(PY_SQL, "py-sql-injection", L_PY, SECURITY, ERROR, 89, \
	  "SQL built from strings is passed to execute()", \
	  "Use placeholders: cursor.execute(\"... WHERE id = %s\", (value,)).") \
	X(PY_TLS_VERIFY, "py-tls-verify-disabled", L_PY, SECURITY, ERROR, 295, \
	  "TLS certificate verification is turned off", \
	  "Keep verify=True (the default); point verify= at a CA bundle for private CAs.") \
	X(PY_MKTEMP, "py-tempfile-mktemp", L_PY, SECURITY, WARNING, 377, \
	  "tempfile.mktemp() returns a name another process can take first", \
	  "Use tempfile.mkstemp() or tempfile.NamedTemporaryFile().") \
	X(PY_ASSERT_ACCESS, "py-assert-access-check", L_PY, SECURITY, WARNING, 617, \
	  "assert used for an access check disappears under python -O", \
	  "Use an if statement that raises (e.g. PermissionError).") \
	X(PY_BARE_EXCEPT, "py-bare-except-pass", L_PY, CORRECTNESS, WARNING, 396, \
	  "bare except: pass silences every error, KeyboardInterrupt included", \
	  "Catch the specific exception you expect, and log or handle it.") \
	X(PY_MUTABLE_DEFAULT, "py-mutable-default", L_PY, CORRECTNESS, WARNING, 0, \
	  "mutable default argument is shared between calls", \
	  "Default to None and create the list or dict inside the function.") \
	X(PY_WEAK_HASH, "py-weak-password-hash", L_PY, SECURITY, ERROR, 916, \
	  "MD5 or SHA-1 used to hash a password", \
	  "Use hashlib.scrypt(), hashlib.pbkdf2_hmac() or a password-hashing library.") \
	X(PY_NONE_COMPARE, "py-none-comparison", L_PY, CORRECTNESS, INFO, 0, \
	  "comparison with None using == or !=", \
	  "Use \"is None\" or \"is not None\".") \
	X(PY_LIST_MEMBERSHIP, "py-list-membership-loop", L_PY, PERFORMANCE, WARNING, 0, \
	  "membership test on a list that grows in the loop (quadratic)", \
	  "Keep a set alongside (seen = set()), which tests membership in constant time.") \
	X(PY_STRING_CONCAT, "py-string-concat-loop", L_PY, PERFORMANCE, INFO, 0, \
	  "string built with += in a loop (quadratic in the worst case)", \
	  "Collect the parts in a list and \"\".join() them once.") \
	X(PY_DEBUG_SERVER, "py-debug-server", L_PY, SECURITY, WARNING, 489, \
	  "web application runs with debug=True (interactive debugger reachable)", \
	  "Read the debug flag from configuration and keep it off in production.") \
	X(PY_RANDOM_SECURITY, "py-random-security", L_PY, SECURITY, WARNING, 338, \
	  "the random module is predictable and must not make secrets or tokens", \
	  "Use the secrets module (secrets.token_hex, secrets.choice).") \
	X(PY_TARFILE, "py-tarfile-extractall", L_PY, SECURITY, WARNING, 22, \
	  "tarfile extractall() without a filter can write outside the target directory", \
	  "Pass filter=\"data\" (Python 3.12+, backported to 3.8+), or check each member's path.") \
	X(JS_EVAL, "js-eval", L_JS, SECURITY, ERROR, 95, \
	  "eval() runs code built at run time", \
	  "Parse data with JSON.parse(), or dispatch through an object of functions.") \
	X(JS_NEW_FUNCTION, "js-new-function", L_JS, SECURITY, ERROR, 95, \
	  "new Function() compiles code built at run time", \
	  "Write the function in the source, or dispatch through an object of functions.") \
	X(JS_INNER_HTML, "js-inner-html", L_JS, SECURITY, ERROR, 79, \
	  "innerHTML/outerHTML set from a value that is not a literal (XSS)", \
	  "Use textContent, or build elements with createElement; sanitise HTML you must insert.") \
	X(JS_DOCUMENT_WRITE, "js-document-write", L_JS, SECURITY, ERROR, 79, \
	  "document.write() with a value that is not a literal (XSS)", \
	  "Build the elements with the DOM API and textContent.") \
	X(JS_INSERT_ADJACENT, "js-insert-adjacent-html", L_JS, SECURITY, ERROR, 79, \
	  "insertAdjacentHTML() with a value that is not a literal (XSS)", \
	  "Use insertAdjacentText(), or sanitise the HTML first.") \
	X(JS_CHILD_EXEC, "js-child-process-exec", L_JS, SECURITY, ERROR, 78, \
	  "child_process.exec() runs a shell command built from strings", \
	  "Use execFile() or spawn() with an argument array (no shell).") \
	X(JS_SQL, "js-sql-injection", L_JS, SECURITY, ERROR, 89, \
	  "SQL built by concatenation or a template literal is passed to a query", \
	  "Use placeholders: db.query(\"... WHERE id = ?\", [id]).") \
	X(JS_MATH_RANDOM, "js-math-random-security", L_JS, SECURITY, WARNING, 338, \
	  "Math.random() is predictable and must not make tokens, ids or secrets", \
	  "Use crypto.randomUUID() or crypto.getRandomValues().") \
	X(JS_STRING_TIMER, "js-string-timer", L_JS, SECURITY, WARNING, 95, \
	  "setTimeout()/setInterval() with a string evaluates it as code", \
	  "Pass a function: setTimeout(() => work(), ms).") \
	X(JS_TLS_VERIFY, "js-tls-verify-disabled", L_JS, SECURITY, ERROR, 295, \
	  "TLS certificate verification is turned off", \
	  "Keep rejectUnauthorized true; give the CA with the ca option for private CAs.") \
	X(JS_DANGEROUS_HTML, "js-dangerously-set-html", L_JS, SECURITY, WARNING, 79, \
	  "dangerouslySetInnerHTML with a value that is not a literal (XSS)", \
	  "Render the text as children, or sanitise the HTML first.") \
	X(JS_DEBUGGER, "js-debugger", L_JS, CORRECTNESS, WARNING, 489, \
	  "debugger statement left in the code", \
	  "Remove it before committing.") \
	X(SH_UNQUOTED_FILE_OP, "sh-unquoted-file-op", L_SH, CORRECTNESS, WARNING, 88, \
	  "unquoted expansion in a file command: word splitting and globbing apply", \
	  "Quote it: rm -rf -- \"$dir\".") \
	X(SH_UNQUOTED_TEST, "sh-unquoted-test", L_SH, CORRECTNESS, WARNING, 0, \
	  "unquoted expansion in [ ]: an empty or spaced value breaks the test", \
	  "Quote it: [ \"$x\" = y ], or use [[ ]] in bash.") \
	X(SH_EVAL, "sh-eval", L_SH, SECURITY, ERROR, 95, \
	  "eval of a value from a variable runs whatever it contains", \
	  "Avoid eval: use arrays for argument lists and case for dispatch.") \
	X(SH_CURL_PIPE, "sh-curl-pipe-shell", L_SH, SECURITY, ERROR, 494, \
	  "a downloaded script is piped straight into a shell", \
	  "Download to a file, verify its checksum or signature, then run it.") \
	X(SH_TLS_VERIFY, "sh-tls-verify-disabled", L_SH, SECURITY, ERROR, 295, \
	  "TLS certificate verification is turned off (curl -k / wget --no-check-certificate)", \
	  "Remove the flag; give the CA with --cacert for private CAs.") \
	X(SH_CD_UNCHECKED, "sh-cd-unchecked", L_SH, CORRECTNESS, WARNING, 252, \
	  "cd without || exit: later commands run in the wrong directory if it fails", \
	  "Write cd \"$dir\" || exit 1 (or use set -e).") \
	X(SH_PREDICTABLE_TMP, "sh-predictable-tmp", L_SH, SECURITY, WARNING, 377, \
	  "predictable file name in /tmp can be taken over by another user", \
	  "Use tmp=$(mktemp) or mktemp -d, and remove it with trap.") \
	X(SH_CHMOD_777, "sh-chmod-777", L_SH, SECURITY, WARNING, 732, \
	  "chmod gives every user write access", \
	  "Use 755 for programs and directories and 644 for files, or narrower.") \
	X(SH_MISSING_SET_E, "sh-missing-set-e", L_SH, CORRECTNESS, INFO, 0, \
	  "script does not stop on errors (no set -e)", \
	  "Add set -e near the top (and handle expected failures with || true).") \
	X(SH_MISSING_SET_U, "sh-missing-set-u", L_SH, CORRECTNESS, INFO, 0, \
	  "script does not catch unset variables (no set -u)", \
	  "Add set -u near the top; use ${var:-} where empty is fine.") \
	X(SH_BACKTICKS, "sh-backticks", L_SH, STYLE, INFO, 0, \
	  "backticks for command substitution", \
	  "Use $(...), which nests and quotes predictably.") \
	X(SH_LS_LOOP, "sh-ls-loop", L_SH, CORRECTNESS, WARNING, 0, \
	  "looping over the output of ls breaks on names with spaces", \
	  "Loop over a glob: for f in ./*; do ... done.") \
	X(SECRET_GITHUB, "secret-github-token", L_ALL, SECURITY, ERROR, 798, \
	  "GitHub token in the source", \
	  "Revoke the token now, then read it from the environment or a secret store.") \
	X(SECRET_AWS, "secret-aws-key", L_ALL, SECURITY, ERROR, 798, \
	  "AWS access key in the source", \
	  "Deactivate the key in IAM, then use roles or the environment.") \
	X(SECRET_SLACK, "secret-slack-token", L_ALL, SECURITY, ERROR, 798, \
	  "Slack token or webhook URL in the source", \
	  "Revoke it in Slack, then read it from the environment or a secret store.") \
	X(SECRET_PRIVATE_KEY, "secret-private-key", L_ALL, SECURITY, ERROR, 321, \
	  "private key in the source", \
	  "Treat the key as compromised: replace it and keep keys out of the repository.") \
	X(SECRET_API_KEY, "secret-api-key", L_ALL, SECURITY, ERROR, 798, \
	  "API key of a known service in the source", \
	  "Revoke the key, then read it from the environment or a secret store.") \
	X(SECRET_PASSWORD, "secret-hardcoded-password", L_ALL, SECURITY, ERROR, 798, \
	  "password, secret or token assigned a literal value", \
	  "Read it from the environment or a secret store at run time.") \
	X(SECRET_URL, "secret-url-credentials", L_ALL, SECURITY, WARNING, 798, \
	  "URL with a user name and password in it", \
	  "Pass the credentials separately, from the environment or a secret store.") \
	X(COMPLEXITY_HIGH, "complexity-high", L_ALL, COMPLEXITY, WARNING, 0, \
	  "function is complex (cyclomatic complexity above 15)", \
	  "Split it into smaller functions, or replace branches with a table.") \
	X(COMPLEXITY_VERY_HIGH, "complexity-very-high", L_ALL, COMPLEXITY, ERROR, 0, \
	  "function is very complex (cyclomatic complexity above 30)", \
	  "Split it into smaller functions with one job each.") \
	X(COMPLEXITY_NESTING, "complexity-deep-nesting", L_ALL, COMPLEXITY, WARNING, 0, \
	  "blocks nested more than 5 deep", \
	  "Return early, or move inner blocks into functions.") \
	X(COMPLEXITY_LONG, "complexity-long-function", L_ALL, COMPLEXITY, WARNING, 0, \
	  "function is longer than 100 lines", \
	  "Split it into steps with names of their own.") \
	X(COMPLEXITY_PARAMS, "complexity-many-parameters", L_ALL, COMPLEXITY, INFO, 0, \
	  "function takes more than 7 parameters", \
	  "Group related parameters into a struct or object.") \
	X(STYLE_LINE_LENGTH, "style-line-length", L_ALL, STYLE, INFO, 0, \
	  "line longer than 120 characters", \
	  "Wrap the line.") \
	X(STYLE_TRAILING_WS, "style-trailing-whitespace", L_ALL, STYLE, INFO, 0, \
	  "trailing whitespace", \
	  "Strip it (most editors can do this on save).") \
	X(STYLE_MIXED_INDENT, "style-mixed-indentation", L_ALL, STYLE, INFO, 0, \
	  "indentation mixes tabs and spaces", \
	  "Indent with one kind only.") \
	X(STYLE_TODO, "style-todo", L_ALL, STYLE, INFO, 0, \
	  "TODO/FIXME note", \
	  "Finish it or file an issue for it.")

typedef enum {
#define X(name, id, langs, cat, sev, cwe, msg, hint) RULE_##name,
	ANALYSIS_RULES(X)
#undef X
	RULE__COUNT
} AnalysisRuleId;

#endif
