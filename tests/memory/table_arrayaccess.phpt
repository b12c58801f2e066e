--TEST--
Swoole\Table as ArrayAccess: $t[$k] reads a row, $t[$k] = [...] writes it, isset/unset; integer keys are their text; wrong offsets and values are errors; a row read is a copy; across processes
--FILE--
<?php
$t = new Swoole\Table(64);
$t->column('n', Swoole\Table::TYPE_INT);
$t->column('s', Swoole\Table::TYPE_STRING, 8);
$t->create();
var_dump($t instanceof ArrayAccess);
$t['a'] = ['n' => 1, 's' => 'x'];
var_dump($t['a'], isset($t['a']), isset($t['b']), $t['b']);
$t[7] = ['n' => 7];
var_dump($t->get('7', 'n'), $t['7']['n']);
$t['a'] = ['s' => 'y'];           // partial update, like set()
var_dump($t['a']);
unset($t['a']);
var_dump(isset($t['a']), count($t));
unset($t['never']);               // nothing there: no error
foreach ([fn() => $t[] = ['n' => 1], fn() => $t['q'] = 5, fn() => $t[1.5] = ['n' => 1], fn() => $t[null]] as $f) {
    try {
        $f();
        echo "no error\n";
    } catch (Throwable $e) {
        echo get_class($e), ": ", $e->getMessage(), "\n";
    }
}
$r = $t['7'];
$r['n'] = 99;
var_dump($t['7']['n']);
var_dump(@$t[str_repeat('k', 100)], swoole_last_error() === 7002);

// written in a child, read in the parent
$pid = pcntl_fork();
if ($pid === 0) {
    $t['child'] = ['n' => getmypid(), 's' => 'kid'];
    exit(0);
}
pcntl_waitpid($pid, $status);
var_dump($t['child']['n'] === $pid, $t['child']['s']);
?>
--EXPECT--
bool(true)
array(2) {
  ["n"]=>
  int(1)
  ["s"]=>
  string(1) "x"
}
bool(true)
bool(false)
bool(false)
int(7)
int(7)
array(2) {
  ["n"]=>
  int(1)
  ["s"]=>
  string(1) "y"
}
bool(false)
int(1)
Error: Swoole\Table has no next key: give one ($table[$key] = [...])
TypeError: a Swoole\Table row is an array of columns, int given
TypeError: Swoole\Table keys are strings (or integers), float given
Error: Swoole\Table has no next key: give one ($table[$key] = [...])
int(7)
bool(false)
bool(true)
bool(true)
string(3) "kid"
