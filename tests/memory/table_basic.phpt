--TEST--
Swoole\Table: columns of each type, set/get/field, partial update, incr/decr, exists/exist, del/delete, count, foreach, stats, sizes
--FILE--
<?php
$t = new Swoole\Table(100);
var_dump($t instanceof Iterator, $t instanceof Countable, (new ReflectionClass('swoole_table'))->getName());
var_dump(Swoole\Table::TYPE_INT, Swoole\Table::TYPE_FLOAT, Swoole\Table::TYPE_STRING);
$t->column('id', Swoole\Table::TYPE_INT);
$t->column('name', Swoole\Table::TYPE_STRING, 10);
$t->column('score', Swoole\Table::TYPE_FLOAT);
$before = $t->getMemorySize();
var_dump($t->create());
var_dump($t->getSize(), $before === $t->getMemorySize(), $t->getMemorySize() > 128 * (8 + 10 + 8));

var_dump($t->set('alice', ['id' => 1, 'name' => 'Alice', 'score' => 9.5]));
var_dump($t->get('alice'));
var_dump($t->get('alice', 'name'), $t->get('alice', 'id'), $t->get('nobody'));
/* partial update keeps the other columns; numeric strings and bools are converted */
var_dump($t->set('alice', ['score' => '7.25', 'id' => true]));
var_dump($t->get('alice'));
/* a new row gets zero for the columns not given; binary strings are kept */
var_dump($t->set("b\0b", ['name' => "x\0y"]));
$row = $t->get("b\0b");
var_dump($row['id'], bin2hex($row['name']), $row['score']);
/* exactly the column size fits */
var_dump($t->set('full', ['name' => str_repeat('n', 10)]), strlen($t->get('full', 'name')));

var_dump($t->incr('alice', 'id'), $t->incr('alice', 'id', 10), $t->decr('alice', 'id', 3));
var_dump($t->incr('alice', 'score', 0.75), $t->decr('alice', 'score'));
/* incr creates the row */
var_dump($t->incr('counter', 'id', 5), $t->get('counter'));

var_dump(count($t), $t->count(), $t->exists('alice'), $t->exist('alice'), $t->exists('bob'));
var_dump($t->del('counter'), $t->del('counter'), $t->delete('full'), count($t));

$seen = [];
foreach ($t as $k => $row) {
    $seen['k' . bin2hex($k)] = $row['id'];
}
ksort($seen);
var_dump($seen);
/* iteration again from the start */
$n = 0;
foreach ($t as $row) { $n++; }
var_dump($n);

$st = $t->stats();
var_dump($st['num'], $st['insert_count'], $st['delete_count'], $st['bucket_num'], $st['total_slice_num'], $st['available_slice_num'] <= $st['total_slice_num']);

/* Table(1): one bucket, one overflow row */
$small = new swoole_table(1, 1.0);
$small->column('v', Swoole\Table::TYPE_INT);
$small->create();
var_dump($small->set('a', ['v' => 1]), $small->set('b', ['v' => 2]), @$small->set('c', ['v' => 3]), count($small));
?>
--EXPECT--
bool(true)
bool(true)
string(12) "Swoole\Table"
int(1)
int(6)
int(7)
bool(true)
int(128)
bool(true)
bool(true)
bool(true)
array(3) {
  ["id"]=>
  int(1)
  ["name"]=>
  string(5) "Alice"
  ["score"]=>
  float(9.5)
}
string(5) "Alice"
int(1)
bool(false)
bool(true)
array(3) {
  ["id"]=>
  int(1)
  ["name"]=>
  string(5) "Alice"
  ["score"]=>
  float(7.25)
}
bool(true)
int(0)
string(6) "780079"
float(0)
bool(true)
int(10)
int(2)
int(12)
int(9)
float(8)
float(7)
int(5)
array(3) {
  ["id"]=>
  int(5)
  ["name"]=>
  string(0) ""
  ["score"]=>
  float(0)
}
int(4)
int(4)
bool(true)
bool(true)
bool(false)
bool(true)
bool(false)
bool(true)
int(2)
array(2) {
  ["k616c696365"]=>
  int(9)
  ["k620062"]=>
  int(0)
}
int(2)
int(2)
int(4)
int(2)
int(128)
int(26)
bool(true)
bool(true)
bool(true)
bool(false)
int(2)
