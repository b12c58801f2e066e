#!/usr/bin/env bash
# Draws the RSS curves of the last bench/soak.sh runs into one PNG with gnuplot
# (Debian gnuplot-nox): one panel per run, RSS of every process over the
# requests done.  Usage: bench/soak_plot.sh [OUT_PNG]   (default docs/img/soak.png)
set -euo pipefail
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SOAK="${OUT:-$REPO/bench/out/soak}"
PNG="${1:-$REPO/docs/img/soak.png}"
command -v gnuplot >/dev/null || { echo "soak_plot: gnuplot is missing (apt-get install gnuplot-nox)" >&2; exit 1; }
mkdir -p "$(dirname "$PNG")"
title="$(head -n 1 "$SOAK/header.txt" 2>/dev/null || echo soak)"
{
	echo "set terminal pngcairo size 1200,800 font 'sans,9'"
	echo "set output '$PNG'"
	echo "set multiplot layout 2,2 title \"RSS of every server process during bench/soak.sh ($title)\""
	echo "set datafile missing '-'"
	echo "set xlabel 'requests done (millions)'"
	echo "set ylabel 'RSS (MiB)'"
	echo "set yrange [0:*]"
	echo "set key bottom right"
	for run in http echo http-reload echo-reload; do
		f="$SOAK/$run/curve.dat"
		if [ ! -f "$f" ]; then
			echo "set title '$run: no data'; plot 0 notitle"
			continue
		fi
		echo "set title '$run'"
		echo "plot '$f' using (\$2/1e6):(\$3/1024) with lines lw 2 title 'master', \\"
		echo "     '' using (\$2/1e6):(\$4/1024) with lines lw 2 title 'manager', \\"
		echo "     '' using (\$2/1e6):(\$5/1024) with lines lw 2 title 'worker 0', \\"
		echo "     '' using (\$2/1e6):(\$6/1024) with lines lw 1 dt 2 title 'worker 1'"
	done
	echo "unset multiplot"
} | gnuplot
echo "soak_plot: wrote $PNG"
