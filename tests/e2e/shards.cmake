# Date shards and remote shards served by xapian-tcpsrv (docs/SHARDING.md).
nx_e2e_test(e2e_shards shards.sh)
nx_e2e_test(e2e_remote remote.sh)
nx_e2e_test(e2e_shard_ranking shard_ranking.sh LABELS corpus)
