"""Run unittest modules; exit 0 only if at least one test ran and all passed.

(`python -m unittest` exits 5 when nothing ran on Python >= 3.12; a suite
that silently collects nothing must fail, so we count ourselves.)
"""
import sys
import unittest


def main(module_names, min_tests=1):
    loader = unittest.TestLoader()
    suite = unittest.TestSuite()
    for name in module_names:
        suite.addTests(loader.loadTestsFromName(name))
    result = unittest.TextTestRunner(verbosity=2).run(suite)
    if result.testsRun < min_tests:
        print("FAIL: only %d tests ran (expected at least %d)" % (result.testsRun, min_tests))
        return 1
    if result.skipped:
        print("FAIL: tests were skipped inside the suite: %r" % ([str(t) for t, _ in result.skipped],))
        return 1
    return 0 if result.wasSuccessful() else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
