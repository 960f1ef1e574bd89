# SPDX-License-Identifier: MIT
themesdir = $(pkgdatadir)/themes
dist_themes_DATA =
