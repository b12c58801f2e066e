--TEST--
Swoole\Server::on(): an unknown event name is rejected, naming it
--SKIPIF--
<?php if (PHP_OS_FAMILY !== 'Linux' || !is_dir('/proc/self/task')) die('skip needs Linux /proc'); ?>
--FILE--
<?php
$server = new Swoole\Server('127.0.0.1', 0);
foreach (['bogusEvent', 'onBogusEvent', '', 'on', 'receiv', 'receives'] as $name) {
    $warning = null;
    set_error_handler(function ($no, $str) use (&$warning) { $warning = $str; return true; });
    try {
        $r = $server->on($name, function () {});
        /* the other accepted form: a warning naming the event, and false */
        $ok = $r === false && $warning !== null && ($name === '' || str_contains($warning, $name));
        $how = 'returned ' . var_export($r, true) . ', warning: ' . var_export($warning, true);
    } catch (Swoole\Exception $e) {
        $ok = $name === '' || str_contains($e->getMessage(), $name);
        $how = 'exception: ' . $e->getMessage();
    }
    restore_error_handler();
    echo ($ok ? 'ok' : 'FAIL') . " - '$name' rejected" . ($ok ? '' : " ($how)") . "\n";
}

/* known names are accepted */
foreach (['receive', 'connect', 'close', 'start', 'shutdown', 'workerStart', 'workerStop',
          'managerStart', 'managerStop', 'workerError'] as $name) {
    try {
        $r = $server->on($name, function () {});
        echo ($r !== false ? 'ok' : 'FAIL') . " - '$name' accepted\n";
    } catch (Throwable $e) {
        echo "FAIL - '$name' accepted: " . $e->getMessage() . "\n";
    }
}

/* a non-callable is a TypeError, not accepted silently */
try {
    $server->on('receive', 'no_such_function_xyz');
    echo "FAIL - non-callable rejected\n";
} catch (TypeError $e) {
    echo "ok - non-callable rejected\n";
}
?>
--EXPECT--
ok - 'bogusEvent' rejected
ok - 'onBogusEvent' rejected
ok - '' rejected
ok - 'on' rejected
ok - 'receiv' rejected
ok - 'receives' rejected
ok - 'receive' accepted
ok - 'connect' accepted
ok - 'close' accepted
ok - 'start' accepted
ok - 'shutdown' accepted
ok - 'workerStart' accepted
ok - 'workerStop' accepted
ok - 'managerStart' accepted
ok - 'managerStop' accepted
ok - 'workerError' accepted
ok - non-callable rejected
