--TEST--
stubs/swoole.php (IDE stubs) is in sync with the *.stub.php files, parses, and declares every class, method and function of the extension
--SKIPIF--
<?php if (!extension_loaded('swoole')) die('skip extension not loaded'); ?>
--FILE--
<?php
$root = dirname(__DIR__, 2);
$ext = getenv('SWOOLE_EXT') ?: "$root/modules/swoole.so";
$cmd = escapeshellarg(PHP_BINARY) . ' -n -d extension=' . escapeshellarg($ext) . ' '
    . escapeshellarg("$root/tools/gen_stubs.php") . ' --check 2>&1';
exec($cmd, $out, $rc);
echo $rc === 0 ? "ok - up to date\n" : "FAIL - out of date: " . implode("\n", $out) . "\n";

exec(escapeshellarg(PHP_BINARY) . ' -n -l ' . escapeshellarg("$root/stubs/swoole.php") . ' 2>&1', $lint, $rc);
echo $rc === 0 ? "ok - parses\n" : "FAIL - " . implode("\n", $lint) . "\n";

/* what the stub file declares, read with the tokenizer-free way: its own text */
$text = file_get_contents("$root/stubs/swoole.php");
$missing = [];
$re = new ReflectionExtension('swoole');
foreach ($re->getFunctions() as $f) {
    if (!preg_match('/function ' . preg_quote($f->getName(), '/') . '\s*\(/', $text)) {
        $missing[] = $f->getName() . '()';
    }
}
foreach ($re->getClassNames() as $name) {
    $c = new ReflectionClass($name);
    if ($c->getName() !== $name) {
        continue;   /* an alias such as swoole_server */
    }
    $short = $c->getShortName();
    if (!preg_match('/(class|interface)\s+' . preg_quote($short, '/') . '\b/', $text)) {
        $missing[] = $name;
        continue;
    }
    foreach ($c->getMethods() as $m) {
        if ($m->getDeclaringClass()->getName() === $name
            && !preg_match('/function ' . preg_quote($m->getName(), '/') . '\s*\(/', $text)) {
            $missing[] = "$name::" . $m->getName();
        }
    }
}
echo !$missing ? "ok - every function, class and method is declared\n" : "FAIL - missing: " . implode(', ', $missing) . "\n";
?>
--EXPECT--
ok - up to date
ok - parses
ok - every function, class and method is declared
