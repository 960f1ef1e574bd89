# SPDX-License-Identifier: MIT
# Completion scripts are generated from the command tables by the binary itself.
bashcompdir = $(datadir)/bash-completion/completions
zshcompdir = $(datadir)/zsh/site-functions
fishcompdir = $(datadir)/fish/vendor_completions.d
bashcomp_DATA = completions/aurelis
zshcomp_DATA = completions/_aurelis
fishcomp_DATA = completions/aurelis.fish
CLEANFILES += $(bashcomp_DATA) $(zshcomp_DATA) $(fishcomp_DATA)

completions/aurelis: aurelis$(EXEEXT)
	$(AM_V_GEN)$(MKDIR_P) completions && ./aurelis$(EXEEXT) completion bash > $@.tmp && mv $@.tmp $@
completions/_aurelis: aurelis$(EXEEXT)
	$(AM_V_GEN)$(MKDIR_P) completions && ./aurelis$(EXEEXT) completion zsh > $@.tmp && mv $@.tmp $@
completions/aurelis.fish: aurelis$(EXEEXT)
	$(AM_V_GEN)$(MKDIR_P) completions && ./aurelis$(EXEEXT) completion fish > $@.tmp && mv $@.tmp $@
