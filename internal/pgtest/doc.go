// Package pgtest gives tests a PostgreSQL archive address of their own: a fresh schema of the
// database STATUSFEED_TEST_POSTGRES names, dropped when the test ends, so that packages whose
// tests run at once on one server never meet. Tests skip when the variable is unset or the
// server unreachable.
package pgtest
