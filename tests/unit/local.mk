# Unit tests (cmocka), one program per file; see Makefile.am for UNIT_*.
