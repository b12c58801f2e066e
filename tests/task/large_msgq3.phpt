--TEST--
task workers (task_ipc_mode 3): 1 MiB and 4 MiB payloads byte-exact both ways (taskwait, task/onFinish, strings and serialized arrays, sendMessage); over package_max_length the sender gets false
--SKIPIF--
<?php if (PHP_OS_FAMILY !== 'Linux' || !is_dir('/proc/self/task')) die('skip needs Linux /proc'); ?>
--FILE--
<?php
$TK_IPC_MODE = 3;
require __DIR__ . '/cases/large.inc';
?>
--EXPECT--
ok - 1 MiB string to the task worker (taskwait): byte-exact
ok - 1 MiB string result back to the worker: byte-exact
ok - 1 MiB in an array to the task worker: byte-exact
ok - 1 MiB in an array back: byte-exact
ok - 1 MiB with task(): the result reaches onFinish byte-exact
ok - 1 MiB sendMessage worker -> task worker: byte-exact
ok - 1 MiB sendMessage task worker -> worker: byte-exact
ok - 4 MiB string to the task worker (taskwait): byte-exact
ok - 4 MiB string result back to the worker: byte-exact
ok - 4 MiB in an array to the task worker: byte-exact
ok - 4 MiB in an array back: byte-exact
ok - 4 MiB with task(): the result reaches onFinish byte-exact
ok - 4 MiB sendMessage worker -> task worker: byte-exact
ok - 4 MiB sendMessage task worker -> worker: byte-exact
ok - task(), taskwait(), sendMessage() of 9 MiB (over package_max_length 8 MiB): false and a warning
ok - finish() of 9 MiB in the task worker: false and a warning
ok - the taskwait for it returns false
ok - small tasks still work afterwards
ok - no process died, no fatal error
ok - exit code 0 after SIGTERM
