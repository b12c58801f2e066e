--TEST--
task workers (task_ipc_mode 1): a task worker killed (SIGKILL) mid-task; taskwait(…, 10) returns false at once, the tasks queued behind are done by the replacement, tasking_num returns to 0
--SKIPIF--
<?php if (PHP_OS_FAMILY !== 'Linux' || !is_dir('/proc/self/task')) die('skip needs Linux /proc'); ?>
--FILE--
<?php
$TK_IPC_MODE = 1;
require __DIR__ . '/cases/crash.inc';
?>
--EXPECT--
ok - stats(): tasking_num 4 (one in hand, three queued)
ok - taskwait() returned false
ok - within 1 s of the kill, not at its 10 s timeout
ok - swoole_last_error() is set
ok - onWorkerError(2, pid, …, signal 9) in the manager
ok - task worker 2 was replaced by a new process (taskworker true)
ok - the three queued tasks were completed by the replacement, each once
ok - taskwait() to task worker 2 works again, served by the new process
ok - stats(): tasking_num back to 0, task_worker_num 2
ok - task worker 3 killed during a task(): replaced, serves again
ok - stats(): tasking_num back to 0
ok - onFinish(…, false) once for the lost task
ok - within 1 s of the kill
ok - no onFinish for the failed taskwait()
ok - the workers were not restarted
ok - exit code 0 after SIGTERM
