--TEST--
stubs/swoole.php (IDE stubs) is in sync with the *.stub.php files, parses, declares every class, method and function of the extension, documents each of them, every constant, every callback and every setting
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

/* every declaration has a docblock that says something (not only @tags) */
$described = function (string|false $doc): bool {
    foreach (explode("\n", (string) $doc) as $line) {
        $line = trim(preg_replace('#^\s*(/\*\*|\*/|\*)|\*/\s*$#', '', trim($line)));
        if ($line !== '' && $line[0] !== '@') {
            return true;
        }
    }
    return false;
};
$undoc = [];
foreach ($re->getFunctions() as $f) {
    if (!preg_match('#(/\*\*(?:(?!\*/).)*\*/)\s*function ' . preg_quote($f->getName(), '#') . '\s*\(#s', $text, $m)
        || !$described($m[1])) {
        $undoc[] = $f->getName() . '()';
    }
}
/* classes, methods and class constants: read from the stub file loaded without the extension */
$check = <<<'PHP'
$before = get_declared_classes();
require $argv[1];
$described = %s;
foreach (array_diff(get_declared_classes(), $before) as $c) {
    $rc = new ReflectionClass($c);
    if (!$described($rc->getDocComment())) echo "class $c\n";
    foreach ($rc->getMethods() as $m) {
        if ($m->getDeclaringClass()->getName() === $c && !$described($m->getDocComment())) echo "$c::{$m->getName()}()\n";
    }
    foreach ($rc->getReflectionConstants() as $k) {
        if ($k->getDeclaringClass()->getName() === $c && !$described($k->getDocComment())) echo "$c::{$k->getName()}\n";
    }
}
PHP;
$fnSrc = 'function (string|false $doc): bool { foreach (explode("\n", (string) $doc) as $line) { '
    . '$line = trim(preg_replace(\'#^\s*(/\*\*|\*/|\*)|\*/\s*$#\', \'\', trim($line))); '
    . 'if ($line !== \'\' && $line[0] !== \'@\') { return true; } } return false; }';
$tmp = tempnam(sys_get_temp_dir(), 'swstub');
file_put_contents($tmp, '<?php ' . sprintf($check, $fnSrc));
exec(escapeshellarg(PHP_BINARY) . ' -n ' . escapeshellarg($tmp) . ' ' . escapeshellarg("$root/stubs/swoole.php") . ' 2>&1', $lines, $rc);
unlink($tmp);
if ($rc !== 0) {
    $undoc[] = 'loading the stubs failed: ' . implode(' ', $lines);
} else {
    array_push($undoc, ...$lines);
}
/* global constants: the docblock right before each */
preg_match_all('#(/\*\*(?:(?!\*/).)*\*/)?\s*\n\s*const (SWOOLE_\w+) =#s', $text, $consts, PREG_SET_ORDER);
foreach ($consts as $c) {
    if (!$described($c[1])) {
        $undoc[] = $c[2];
    }
}
echo !$undoc ? "ok - every class, method, function and constant has a docblock with a description\n"
    : "FAIL - without a description: " . implode(', ', $undoc) . "\n";

/* the callbacks: every event on() accepts (from the C table) is documented with its signature in Server::on() */
$serverAt = (int) strpos($text, "class Server\n");
$onDoc = substr($text, 0, (int) strpos($text, 'public function on(string $event', $serverAt));
$onDoc = substr($onDoc, (int) strrpos($onDoc, '/**'));
preg_match('#event_names\[[A-Z_]+\] = \{(.*?)\};#s', file_get_contents("$root/ext-src/php_swoole_server.c"), $ev);
preg_match_all('#"(\w+)"#', $ev[1] ?? '', $events);
$noCb = [];
foreach ($events[1] as $e) {
    if (!preg_match('#\b' . preg_quote($e, '#') . '\((Server|Http)#', $onDoc)) {
        $noCb[] = $e;
    }
}
echo $events[1] && !$noCb ? "ok - Server::on() documents the signature of each of the " . count($events[1]) . " events\n"
    : "FAIL - events without a documented signature: " . implode(', ', $noCb ?: ['(none found)']) . "\n";

/* the settings: every key set() accepts (from the C sources) is documented in Server::set() or Http\Server */
preg_match_all('#KEY_IS\("(\w+)"\)#', file_get_contents("$root/ext-src/php_swoole_server_setting.c"), $k1);
preg_match('#php_swoole_http_settings\[\] = \{(.*?)\};#s', file_get_contents("$root/ext-src/php_swoole_http_server.c"), $h);
preg_match_all('#"(\w+)"#', $h[1] ?? '', $k2);
$keys = array_unique(array_merge($k1[1], $k2[1]));
$setDoc = substr($text, 0, (int) strpos($text, 'public function set(array $settings)', $serverAt));
$setDoc = substr($setDoc, (int) strrpos($setDoc, '/**'));
$httpStart = strpos($text, 'namespace Swoole\Http');
$httpDoc = substr($text, $httpStart, strpos($text, 'class Server extends', $httpStart) - $httpStart);
$noSet = [];
foreach ($keys as $k) {
    if (!preg_match('#\b' . $k . '\b#', $setDoc) && !preg_match('#\b' . $k . '\b#', $httpDoc)) {
        $noSet[] = $k;
    }
}
echo count($keys) > 50 && !$noSet ? "ok - every setting (" . count($keys) . ") is documented\n"
    : "FAIL - settings without documentation: " . implode(', ', $noSet ?: ['(too few found: ' . count($keys) . ')']) . "\n";
?>
--EXPECT--
ok - up to date
ok - parses
ok - every function, class and method is declared
ok - every class, method, function and constant has a docblock with a description
ok - Server::on() documents the signature of each of the 17 events
ok - every setting (63) is documented
