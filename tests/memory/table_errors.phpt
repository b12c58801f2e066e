--TEST--
Swoole\Table error paths: full table, long key, unknown column, wrong types, string too long, use before create(), bad arguments
--FILE--
<?php
function attempt(callable $f) {
    try {
        $r = $f();
        echo 'returned ', var_export($r, true), "\n";
    } catch (Throwable $e) {
        echo get_class($e), ': ', $e->getMessage(), "\n";
    }
}
attempt(fn() => new Swoole\Table(0));
attempt(fn() => new Swoole\Table(8, 1.5));
$t = new Swoole\Table(8, 1.0); // an overflow pool: the two keys below may share a bucket
attempt(fn() => $t->set('a', ['v' => 1]));
attempt(fn() => $t->create());
attempt(fn() => $t->column('v', 99));
attempt(fn() => $t->column('s', Swoole\Table::TYPE_STRING));
attempt(fn() => $t->column('', Swoole\Table::TYPE_INT));
$t->column('v', Swoole\Table::TYPE_INT);
$t->column('s', Swoole\Table::TYPE_STRING, 4);
attempt(fn() => $t->column('v', Swoole\Table::TYPE_FLOAT));
$t->create();
attempt(fn() => $t->create());
attempt(fn() => $t->column('late', Swoole\Table::TYPE_INT));

echo "-- long key\n";
var_dump($t->set(str_repeat('k', 63), ['v' => 63]));
var_dump($t->set(str_repeat('k', 64), ['v' => 64]));
var_dump($t->get(str_repeat('k', 64)), $t->exists(str_repeat('k', 64)), $t->get(str_repeat('k', 63), 'v'));
var_dump(swoole_last_error() === 7002);

echo "-- unknown column\n";
var_dump($t->set('r', ['v' => 1, 'nope' => 2]), $t->exists('r'));
var_dump($t->set('r', [0 => 1]));
var_dump($t->get(str_repeat('k', 63), 'nope'));
var_dump($t->incr(str_repeat('k', 63), 'nope'));

echo "-- wrong type\n";
var_dump($t->set('r', ['v' => 'twelve']));
var_dump($t->set('r', ['v' => [1]]));
var_dump($t->set('r', ['s' => new stdClass]));
var_dump($t->incr('r', 's'), $t->exists('r'));

echo "-- string too long is refused, not cut\n";
var_dump($t->set('r', ['v' => 5, 's' => 'abcd']));
var_dump($t->set('r', ['v' => 6, 's' => 'abcde']));
var_dump($t->get('r'));

echo "-- full table (8 buckets, no overflow pool)\n";
$t = new Swoole\Table(8, 0);
$t->column('v', Swoole\Table::TYPE_INT);
$t->create();
$t->set('r', ['v' => 1]);
$ok = 0;
$full = false;
for ($i = 0; $i < 64 && !$full; $i++) {
    if (@$t->set("key$i", ['v' => $i])) {
        $ok++;
    } else {
        $full = true;
        $msg = error_get_last()['message'];
    }
}
var_dump($full, str_contains($msg, 'Table is full'), swoole_last_error() === 7001, count($t) <= 8);
$bad = 0;
for ($j = 0; $j < $i - 1; $j++) {
    if ($t->get("key$j", 'v') !== $j) $bad++;
}
var_dump($bad);
/* updating an existing row still works when full */
var_dump($t->set('r', ['v' => 7]), $t->get('r', 'v'));

echo "-- destroyed\n";
$t->destroy();
attempt(fn() => $t->get('r'));
var_dump(count($t), $t->stats());
?>
--EXPECTF--
ValueError: Swoole\Table::__construct(): Argument #1 ($size) must be between 1 and 1073741824
ValueError: Swoole\Table::__construct(): Argument #2 ($conflictProportion) must be between 0 and 1
Swoole\Exception: The table must be created first: call create()
Swoole\Exception: The table has no column: call column() before create()
ValueError: Swoole\Table::column(): Argument #2 ($type) must be Swoole\Table::TYPE_INT, Swoole\Table::TYPE_FLOAT or Swoole\Table::TYPE_STRING
ValueError: Swoole\Table::column(): Argument #3 ($size) must be between 1 and 16777216 for a string column
ValueError: Swoole\Table::column(): Argument #1 ($name) must be between 1 and 255 bytes long
ValueError: Swoole\Table::column(): Argument #1 ($name) names a column that already exists ("v")
Swoole\Exception: The table was already created
Swoole\Exception: Cannot add a column after create()
-- long key
bool(true)

Warning: Swoole\Table::set(): key of 64 bytes is too long (the limit is 63 bytes) in %s on line %d
bool(false)

Warning: Swoole\Table::get(): key of 64 bytes is too long (the limit is 63 bytes) in %s on line %d

Warning: Swoole\Table::exists(): key of 64 bytes is too long (the limit is 63 bytes) in %s on line %d
bool(false)
bool(false)
int(63)
bool(true)
-- unknown column

Warning: Swoole\Table::set(): no column "nope" in the table; the row was not changed in %s on line %d
bool(false)
bool(false)

Warning: Swoole\Table::set(): column names must be strings, an integer key was given in %s on line %d
bool(false)

Warning: Swoole\Table::get(): no column "nope" in the table in %s on line %d
bool(false)

Warning: Swoole\Table::incr(): no column "nope" in the table in %s on line %d
bool(false)
-- wrong type

Warning: Swoole\Table::set(): column "v" is an int column, a non-numeric string given in %s on line %d
bool(false)

Warning: Swoole\Table::set(): column "v" is an int column, array given in %s on line %d
bool(false)

Warning: Swoole\Table::set(): column "s" is a string column, stdClass given in %s on line %d
bool(false)

Warning: Swoole\Table::incr(): column "s" is a string column: only int and float columns can be incremented in %s on line %d
bool(false)
bool(false)
-- string too long is refused, not cut
bool(true)

Warning: Swoole\Table::set(): value of 5 bytes does not fit column "s" (string of 4 bytes); the row was not changed in %s on line %d
bool(false)
array(2) {
  ["v"]=>
  int(5)
  ["s"]=>
  string(4) "abcd"
}
-- full table (8 buckets, no overflow pool)
bool(true)
bool(true)
bool(true)
bool(true)
int(0)
bool(true)
int(7)
-- destroyed
Swoole\Exception: The table is not usable: it was destroyed or never constructed
int(0)
bool(false)
