#!/usr/bin/env bash
# Order-independent aggregation: a night scored in shards (here in parallel background jobs)
# and reported over the shard files gives byte for byte the report of one run over all
# inputs, in every format and whatever order the shards are named in.
source "$(dirname "$0")/fixtures/reports/common.sh"

gen night 240 9 60 2026-11 "Ann Bea Cal Dee Eli"
"$DEFUSE" score "${LEX[@]}" -q -f ndjson -j 2 night > all.ndjson
ls night/*.txt | sort > files.txt
split -n l/4 -d files.txt part_
for p in part_*; do
  xargs "$DEFUSE" score "${LEX[@]}" -q -f ndjson -j 1 < "$p" > "shard_$p.ndjson" &
done
wait
[ "$(cat shard_*.ndjson | wc -l)" -eq 240 ] || fail "shards hold $(cat shard_*.ndjson | wc -l) records"
for f in table md csv json html; do
  "$DEFUSE" report -q -f $f all.ndjson > one.$f
  "$DEFUSE" report -q -f $f shard_*.ndjson > shards.$f
  same one.$f shards.$f
  "$DEFUSE" report -q -f $f $(ls shard_*.ndjson | sort -r) > reversed.$f
  same one.$f reversed.$f
  shuf all.ndjson > shuffled.ndjson 2> /dev/null || sort -r all.ndjson > shuffled.ndjson
  "$DEFUSE" report -q -f $f shuffled.ndjson > shuffled.$f
  same one.$f shuffled.$f
done
# The same filters give the same answer on shards too.
"$DEFUSE" report -q -f json --agent Bea --since 2026-11-10 all.ndjson > one_filtered.json
"$DEFUSE" report -q -f json --agent Bea --since 2026-11-10 shard_*.ndjson > shards_filtered.json
same one_filtered.json shards_filtered.json
echo "report_shards: ok"
