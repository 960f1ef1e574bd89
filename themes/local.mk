# SPDX-License-Identifier: MIT
# Shipped colour themes, installed where paths_pkgdata() finds them.
themesdir = $(pkgdatadir)/themes
dist_themes_DATA = \
	themes/dark.yaml \
	themes/light.yaml \
	themes/solarized-dark.yaml \
	themes/high-contrast.yaml \
	themes/mono.yaml
