# SPDX-License-Identifier: MIT
dist_man1_MANS = man/aurelis.1
dist_man5_MANS = man/aurelis.yaml.5
