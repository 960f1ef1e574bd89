#!/bin/sh
# SPDX-License-Identifier: MIT
# The pickers and the command palette: filtering and choosing in each; the model picker
# with the fake server's catalogue (and without one), sessions (resume, rename, delete
# after a confirmation), context files (add, drop), themes (previewed while moving, Esc
# restores), and the palette running an action and a command.
. "$AURELIS_SRCDIR/tests/lib.sh"
. "$AURELIS_SRCDIR/tests/fixtures/fakelib.sh"
. "$AURELIS_SRCDIR/tests/tui/lib-tmux.sh"
. "$AURELIS_SRCDIR/tests/tui/lib-tools.sh"

fake_start
W="$TUI_DIR/proj"
mkdir -p "$W/src"
echo 'int x;' >"$W/src/alpha.c"
echo 'int y;' >"$W/src/beta.c"
echo 'notes' >"$W/README"
writer="$AURELIS_BUILDDIR/tests/helpers/session-writer"
(cd "$W" && "$writer" first-talk 2 >/dev/null && "$writer" second-talk 1 >/dev/null)

tmux_start 160 40
type_text "cd '$W'"
send Enter
AURELIS_ENV="AURELIS_ENDPOINT=$FAKE_ENDPOINT AURELIS_TOKEN=test-token"
launch shell
check_screen "F1 help" "the interface starts"

# ---- the palette -----------------------------------------------------------------------------
send M-x
check_screen "Command palette" "M-x opens the palette"
check_screen "pick-model" "it lists the actions"
check_screen "Zoom the focused pane to the whole screen, or back · M-z" "with their help and keys"
type_text "zoom"
check_screen "1 of " "typing filters it"
send Enter
sleep 0.3
if wait_gone "─ Analysis" 3; then ok "Enter runs the action (the pane is zoomed)"; else not_ok "Enter runs the action (the pane is zoomed)" "$(screen)"; fi
send M-z
check_screen "─ Analysis" "M-z unzooms"
send M-x
type_text "xyzzy"
check_screen "nothing matches" "a filter that matches nothing says so"
send C-u
type_text "/them"
check_screen "/theme" "commands are in the palette too"
send Enter
check_screen "› /theme" "a command that takes an argument goes to the input line"
send C-u

# ---- models -------------------------------------------------------------------------------------
send M-m
check_screen "Models" "M-m opens the model picker"
check_screen "openai/gpt-4o-mini" "the catalogue arrives"
check_screen "low · 15/min · 150/day · 150 left today" "with tier, limits and requests left today"
check_screen "chat, generate" "and the routes that use a model"
check_screen_lacks "text-embedding" "models that cannot chat are left out"
type_text "gpt-5"
check_screen "custom · not available on this plan (models.plan)" "a model the plan gives no access says so, not 0 left"
send BSpace BSpace BSpace BSpace BSpace
check_screen "150 left today" "clearing the filter brings the list back"
type_text "4o-mini"
check_screen "1 of " "the filter narrows the list"
send Enter
check_screen "next answers come from openai/gpt-4o-mini" "Enter chooses the model"
check_screen " openai/gpt-4o-mini │" "the status bar shows it"
send M-m
check_screen "● openai/gpt-4o-mini" "the current model is marked"
send Escape
sleep 0.3

# ---- sessions -----------------------------------------------------------------------------------
send M-s
check_screen "Sessions" "M-s opens the session picker"
check_screen "first-talk" "it lists the sessions"
check_screen "2 turns" "with their turns"
type_text "second"
send Enter
check_screen "resumed second-talk (1 turn)" "Enter resumes a session"
check_screen "session second-talk" "the status bar names it"
check_screen "block 1/1 · c" "its turns fill the conversation (the answer's code block is in the preview)"
send M-s
type_text "first"
send C-r
check_screen "Rename first-talk to: first-talk" "C-r asks for a new name"
send C-u
type_text "renamed-talk"
send Enter
check_screen "renamed first-talk to renamed-talk" "the session is renamed"
run "$AURELIS" session list
check_out_has "renamed-talk" "aurelis session list shows the new name"
check_screen "Sessions" "the picker comes back after renaming"
type_text "renamed"
send C-d
check_screen "Delete session renamed-talk (2 turns)? This cannot be undone." "C-d asks first"
send n
check_screen "renamed-talk is kept" "n keeps it"
run "$AURELIS" session list
check_out_has "renamed-talk" "the session is still there"
send C-d
send y
check_screen "deleted session renamed-talk" "y deletes it"
run "$AURELIS" session list
check_out_lacks "renamed-talk" "it is gone from the list"
send Escape
sleep 0.3

# ---- context files ----------------------------------------------------------------------------
send M-o
check_screen "Context files" "M-o opens the file picker"
check_screen "src/alpha.c" "it lists the project's files"
type_text "beta"
send Enter
check_screen "src/beta.c joined the context (1 file)" "Enter adds a file"
check_screen "● src/beta.c" "the file is marked as in the context"
check_screen "1 context file" "the status bar counts the context files"
send C-u
type_text "alpha"
send Enter
check_screen "(2 files)" "a second file"
send C-d
check_screen "src/alpha.c left the context (1 file)" "C-d drops a file"
send Escape
sleep 0.3
run "$AURELIS" session show second-talk --json
check_out_has "src/beta.c" "the resumed session keeps the context file"

# ---- themes -------------------------------------------------------------------------------------
top() { screen_colours | sed -n 2,12p; }
before=$(top)
send M-t
check_screen "Themes" "M-t opens the theme picker"
check_screen "● dark" "the theme in use is marked"
type_text "light"
sleep 0.5
during=$(top)
if [ "$during" != "$before" ]; then ok "moving to a theme previews it"; else not_ok "moving to a theme previews it"; fi
send Escape
check_screen "theme dark again" "Esc puts the old theme back"
sleep 0.3
after=$(top)
if [ "$after" = "$before" ]; then ok "the colours are the old ones again"; else not_ok "the colours are the old ones again"; fi
send M-t
type_text "light"
send Enter
check_screen "theme light (ui.theme: light keeps it)" "Enter keeps the theme"
send C-q
check_clean_exit "quits cleanly"

# ---- without a catalogue ------------------------------------------------------------------------
fake_stop
rm -rf "$XDG_CACHE_HOME/aurelis" # the catalogue fetched above is cached for a day
launch shell
check_screen "F1 help" "the interface starts without a server"
send M-m
check_screen "the catalogue is not available" "the picker says the catalogue could not be had"
check_screen "openai/gpt-4.1-mini" "and offers the models the routes name"
send Escape
sleep 0.3
send C-q
check_clean_exit "quits cleanly without a server"

done_testing
