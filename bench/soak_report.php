<?php
/*
 * Reads one soak run written by bench/soak.sh and prints a markdown section:
 * the RSS curve (every tenth of the run), the growth of each process between
 * the warm-up mark (20% of the requests done) and the end, and a verdict line
 * "soak NAME: PASS|FAIL ...". Exit status 0 for PASS, 1 for FAIL.
 *
 * Usage: php bench/soak_report.php DIR NAME BOUND_KB TARGET
 *   DIR/samples.txt  "secs pid ppid depth rss_kb pss_kb" per process per second
 *   DIR/server.log   "WS <worker id> <pid> <task worker>" lines from bench/soak_server.php
 *   DIR/progress.txt "secs requests_done" after each client chunk
 *   DIR/errors.txt   client-side errors (non-2xx, socket errors, echo mismatches)
 *
 * Without reloads every process lives through the whole run and is checked
 * on its own. With reloads workers are replaced every few seconds, so the
 * master and manager are checked as above, and each worker id's generations
 * are compared: the peak RSS of every generation started after the mark must
 * stay within the bound of the smallest such peak.
 */
[$_, $dir, $name, $boundKb, $target] = $argv + [null, null, 'run', 4096, 1000000];
$boundKb = (int) $boundKb;
$reload = str_ends_with($name, '-reload');

$samples = [];   // pid => [[t, rss, pss], ...]
$depthOf = [];
foreach (file("$dir/samples.txt", FILE_IGNORE_NEW_LINES | FILE_SKIP_EMPTY_LINES) ?: [] as $line) {
	[$t, $pid, $ppid, $depth, $rss, $pss] = explode(' ', $line);
	$samples[(int) $pid][] = [(float) $t, (int) $rss, (int) $pss];
	$depthOf[(int) $pid] = (int) $depth;
}
$workerOf = [];  // pid => [id, generation]
$gens = [];
foreach (file("$dir/server.log", FILE_IGNORE_NEW_LINES) ?: [] as $line) {
	if (preg_match('/^WS (\d+) (\d+) ([01])$/', $line, $m)) {
		$gens[$m[1]] = ($gens[$m[1]] ?? 0) + 1;
		$workerOf[(int) $m[2]] = [(int) $m[1], $gens[$m[1]], (int) $m[3]];
	}
}
$progress = [];
foreach (file("$dir/progress.txt", FILE_IGNORE_NEW_LINES | FILE_SKIP_EMPTY_LINES) ?: [] as $line) {
	[$t, $n] = explode(' ', $line);
	$progress[] = [(float) $t, (int) $n];
}
$errors = (int) trim(@file_get_contents("$dir/errors.txt") ?: '0');
[$tEnd, $done] = end($progress);

/* requests done at time t (linear between chunk ends), and the time a count was reached */
$doneAt = function (float $t) use ($progress): int {
	$prev = [0.0, 0];
	foreach ($progress as $p) {
		if ($p[0] >= $t) {
			$span = $p[0] - $prev[0];
			return (int) ($span > 0 ? $prev[1] + ($p[1] - $prev[1]) * ($t - $prev[0]) / $span : $p[1]);
		}
		$prev = $p;
	}
	return $prev[1];
};
$timeOf = function (int $n) use ($progress): float {
	$prev = [0.0, 0];
	foreach ($progress as $p) {
		if ($p[1] >= $n) {
			$span = $p[1] - $prev[1];
			return $span > 0 ? $prev[0] + ($p[0] - $prev[0]) * ($n - $prev[1]) / $span : $p[0];
		}
		$prev = $p;
	}
	return $prev[0];
};
$tMark = $timeOf((int) ($done * 0.2));

/* the sample of pid nearest to t (at or after it if any) */
$at = function (int $pid, float $t) use ($samples): ?array {
	$best = null;
	foreach ($samples[$pid] ?? [] as $s) {
		if ($s[0] >= $t) {
			return $s;
		}
		$best = $s;
	}
	return $best;
};
$alive = fn (int $pid, float $t) => isset($samples[$pid]) && $samples[$pid][0][0] <= $t + 1.0 && end($samples[$pid])[0] >= $t - 1.0;
$mib = fn (int $kb) => sprintf('%.1f', $kb / 1024);
$role = function (int $pid) use ($depthOf, $workerOf): string {
	if ($depthOf[$pid] === 0) {
		return 'master';
	}
	if ($depthOf[$pid] === 1) {
		return 'manager';
	}
	if (isset($workerOf[$pid])) {
		return ($workerOf[$pid][2] ? 'task worker ' : 'worker ') . $workerOf[$pid][0];
	}
	return 'child';
};

$pids = array_keys($samples);
$master = array_values(array_filter($pids, fn ($p) => $depthOf[$p] === 0))[0] ?? 0;
$manager = array_values(array_filter($pids, fn ($p) => $depthOf[$p] === 1))[0] ?? 0;
$ids = array_keys($gens);
sort($ids);

echo "#### $name\n\n";
printf("%d %s in %.0f s (%.0f/s), client errors %d; warm-up mark (20%%) at %.0f s; bound %d KiB\n\n",
	$done, str_starts_with($name, 'echo') ? 'echo messages' : 'HTTP requests', $tEnd, $done / max($tEnd, 1), $errors, $tMark, $boundKb);

/* the curve: RSS in MiB (PSS in parentheses) at every tenth of the run */
$head = '| t (s) | done | master | manager |';
$sep = '|---|---|---|---|';
foreach ($ids as $id) {
	$head .= " worker $id |";
	$sep .= '---|';
}
echo "$head\n$sep\n";
for ($i = 0; $i <= 10; $i++) {
	$t = $tEnd * $i / 10;
	$row = sprintf('| %.0f | %d |', $t, $doneAt($t));
	foreach ([$master, $manager] as $p) {
		$s = $at($p, $t);
		$row .= $s ? ' ' . $mib($s[1]) . ' (' . $mib($s[2]) . ') |' : ' - |';
	}
	foreach ($ids as $id) {
		$cell = ' - |';
		foreach ($workerOf as $pid => $w) {
			if ($w[0] === $id && $alive($pid, $t)) {
				$s = $at($pid, $t);
				$cell = ' ' . $mib($s[1]) . ' (' . $mib($s[2]) . ')' . ($reload ? " g{$w[1]}" : '') . ' |';
			}
		}
		$row .= $cell;
	}
	echo "$row\n";
}
/* every second of the run for bench/soak_plot.sh: t done master manager worker... (RSS KiB, "-" if none) */
$times = [];
foreach ($samples as $list) {
	foreach ($list as $smp) {
		$times[sprintf('%.0f', $smp[0])] = true;
	}
}
ksort($times, SORT_NUMERIC);
$dat = "# t done master manager" . implode('', array_map(fn ($id) => " worker$id", $ids)) . "\n";
foreach (array_keys($times) as $t) {
	$t = (float) $t;
	if ($t > $tEnd + 1) {
		break;
	}
	$line = sprintf('%.0f %d', $t, $doneAt($t));
	foreach ([$master, $manager] as $p) {
		$line .= ' ' . (($smp = $at($p, $t)) ? $smp[1] : '-');
	}
	foreach ($ids as $id) {
		$cell = ' -';
		foreach ($workerOf as $pid => $w) {
			if ($w[0] === $id && $alive($pid, $t)) {
				$cell = ' ' . $at($pid, $t)[1];
			}
		}
		$line .= $cell;
	}
	$dat .= "$line\n";
}
file_put_contents("$dir/curve.dat", $dat);

echo "\nRSS in MiB (PSS in parentheses)" . ($reload ? '; gN = generation of that worker id' : '') . ".\n\n";

$fail = [];
$worst = [0, ''];
$check = function (int $pid) use ($at, $tMark, $tEnd, $samples, $boundKb, $role, &$fail, &$worst) {
	$a = $at($pid, $tMark);
	$b = $at($pid, $tEnd);
	if (!$a || !$b) {
		return null;
	}
	$peak = 0;
	foreach ($samples[$pid] as $s) {
		if ($s[0] >= $tMark && $s[0] <= $tEnd + 0.5) {
			$peak = max($peak, $s[1]);
		}
	}
	$growth = $b[1] - $a[1];
	if ($growth > $worst[0]) {
		$worst = [$growth, $role($pid)];
	}
	if ($growth > $boundKb) {
		$fail[] = sprintf('%s (pid %d) grew %d KiB', $role($pid), $pid, $growth);
	}
	return sprintf('| %s | %d | %d | %d | %d | %+d | %+d |', $role($pid), $pid, $a[1], $b[1], $peak, $growth, $b[2] - $a[2]);
};

echo "| process | pid | RSS at mark (KiB) | RSS at end | peak after mark | growth | PSS growth |\n|---|---|---|---|---|---|---|\n";
$checked = $reload ? [$master, $manager] : $pids;
foreach ($checked as $pid) {
	$line = $check($pid);
	if ($line !== null) {
		echo "$line\n";
	}
}

if ($reload) {
	/* per worker id: the peak RSS of each generation that started after the mark */
	echo "\n| worker id | generations seen | started after mark | peak RSS of those (KiB): min / median / max | first of them | last of them |\n|---|---|---|---|---|---|\n";
	foreach ($ids as $id) {
		$peaks = [];
		$n = 0;
		foreach ($workerOf as $pid => $w) {
			if ($w[0] !== $id || !isset($samples[$pid])) {
				continue;
			}
			$n++;
			if ($samples[$pid][0][0] < $tMark || $samples[$pid][0][0] > $tEnd) {
				continue;
			}
			$peaks[$w[1]] = max(array_column($samples[$pid], 1));
		}
		if (!$peaks) {
			printf("| %d | %d | 0 | - | - | - |\n", $id, $n);
			continue;
		}
		ksort($peaks);
		$sorted = array_values($peaks);
		sort($sorted);
		$lo = $sorted[0];
		$hi = end($sorted);
		printf("| %d | %d | %d | %d / %d / %d | %d | %d |\n", $id, $gens[$id], count($peaks), $lo,
			$sorted[intdiv(count($sorted), 2)], $hi, reset($peaks), end($peaks));
		if ($hi - $lo > $worst[0]) {
			$worst = [$hi - $lo, "worker $id generations"];
		}
		if ($hi - $lo > $boundKb) {
			$fail[] = sprintf('worker %d: generation peaks spread %d KiB', $id, $hi - $lo);
		}
	}
}
if ($errors > 0) {
	$fail[] = "$errors client errors";
}
if ($done < (int) $target) {
	$fail[] = "only $done of $target done";
}
printf("\nsoak %s: %s (largest growth %d KiB: %s)%s\n\n", $name, $fail ? 'FAIL' : 'PASS', $worst[0], $worst[1],
	$fail ? '; ' . implode('; ', $fail) : '');
exit($fail ? 1 : 0);
