# Extra targets for the swoole extension (included into the phpize Makefile).

# Plain-C unit tests of the server core (Debian's check framework).
unit-test:
	$(MAKE) -C $(srcdir)/tests/unit check

.PHONY: unit-test
