#!/usr/bin/env bash
# Starts a single-node KRaft Kafka (broker + controller) on 127.0.0.1 for tests, from jars Maven
# fetches once into the cache; creates the topics of deploy/kafka-topics.txt. Idempotent: a running
# broker is reused. Prints KAFKA_BROKERS=127.0.0.1:PORT on stdout, everything else on stderr.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
source "$HERE/../common.sh"

KAFKA_VERSION=3.9.2 # keep in step with pom.xml
PORT=${KAFKA_PORT:-19092}
CONTROLLER_PORT=$((PORT + 1))
RUN_DIR=${RUN_DIR:-/tmp/chuangwen-kafka}
LIB=$CACHE/kafka/lib
PIDFILE=$RUN_DIR/kafka.pid
LOGFILE=$RUN_DIR/kafka.log
TOPICS=$HERE/../../kafka-topics.txt
mkdir -p "$RUN_DIR"

# 1. Jars: fetched once; the marker names the version so a bump refetches.
if [[ ! -f $LIB/.complete-$KAFKA_VERSION ]]; then
  command -v mvn >/dev/null || die "mvn not found (needs Maven and Java 17)"
  log "fetching Kafka $KAFKA_VERSION jars into $LIB (once)"
  rm -rf "$LIB" "$LIB.tmp"
  mvn -q -B -f "$HERE/pom.xml" dependency:copy-dependencies -Dstyle.color=never \
    -DoutputDirectory="$LIB.tmp" </dev/null >&2
  mv "$LIB.tmp" "$LIB" && touch "$LIB/.complete-$KAFKA_VERSION"
fi

# Logging: the broker to stdout (redirected to $LOGFILE), tools only warnings to stderr.
printf '%s\n' 'log4j.rootLogger=INFO, stdout' 'log4j.appender.stdout=org.apache.log4j.ConsoleAppender' \
  'log4j.appender.stdout.layout=org.apache.log4j.PatternLayout' \
  'log4j.appender.stdout.layout.ConversionPattern=[%d] %p %m (%c)%n' \
  'log4j.logger.kafka.request.logger=WARN' 'log4j.logger.state.change.logger=WARN' >"$RUN_DIR/log4j.properties"
printf '%s\n' 'log4j.rootLogger=WARN, stderr' 'log4j.appender.stderr=org.apache.log4j.ConsoleAppender' \
  'log4j.appender.stderr.Target=System.err' 'log4j.appender.stderr.layout=org.apache.log4j.PatternLayout' \
  'log4j.appender.stderr.layout.ConversionPattern=%p %m (%c)%n' >"$RUN_DIR/tools-log4j.properties"

# Short-lived tools: fast JVM start, warnings only.
tool() {
  java -Xmx256m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:auto \
    -Dlog4j.configuration="file:$RUN_DIR/tools-log4j.properties" -cp "$LIB/*" "$@"
}

if pid_alive "$PIDFILE"; then
  log "already running (pid $(cat "$PIDFILE"))"
  wait_port "$PORT" "$PIDFILE" "$LOGFILE" "${KAFKA_START_TIMEOUT:-90}" # it may still be starting
else
  port_open "$PORT" && die "port $PORT is taken by another process (set KAFKA_PORT)"
  port_open "$CONTROLLER_PORT" && die "controller port $CONTROLLER_PORT is taken (set KAFKA_PORT)"

  # 2. Config. Static quorum (controller.quorum.voters) on one node, so `format` needs no --standalone.
  cat >"$RUN_DIR/server.properties" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$CONTROLLER_PORT
listeners=PLAINTEXT://127.0.0.1:$PORT,CONTROLLER://127.0.0.1:$CONTROLLER_PORT
advertised.listeners=PLAINTEXT://127.0.0.1:$PORT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
log.dirs=$RUN_DIR/kafka-data
# One node: every replication factor is 1.
default.replication.factor=1
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
min.insync.replicas=1
# Topics are declared in deploy/kafka-topics.txt; a typo must fail, not create a topic.
auto.create.topics.enable=false
num.partitions=1
# Tests: no 3 s wait before the first consumer-group rebalance, a smaller offsets topic.
group.initial.rebalance.delay.ms=0
offsets.topic.num.partitions=10
PROPS

  # 3. Format the log dir once (-g: an already formatted dir is kept, so data survives restarts).
  if [[ ! -f $RUN_DIR/kafka-data/meta.properties ]]; then
    tool kafka.tools.StorageTool format -g -t "$(tool kafka.tools.StorageTool random-uuid)" \
      -c "$RUN_DIR/server.properties" >&2
  fi

  # 4. Start detached (setsid: a later Ctrl-C in this terminal does not reach it); the broker's
  #    log4j output and any JVM error go to $LOGFILE.
  log "starting on 127.0.0.1:$PORT (log: $LOGFILE)"
  nohup setsid java -Xms256m -Xmx512m -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -Djava.awt.headless=true \
    -Dlog4j.configuration="file:$RUN_DIR/log4j.properties" -cp "$LIB/*" \
    kafka.Kafka "$RUN_DIR/server.properties" >"$LOGFILE" 2>&1 </dev/null &
  echo $! >"$PIDFILE"
  wait_port "$PORT" "$PIDFILE" "$LOGFILE" "${KAFKA_START_TIMEOUT:-90}"
fi

# 5. Topics: one listing, then the missing ones in parallel (each TopicCommand is a JVM start).
existing=$(tool org.apache.kafka.tools.TopicCommand --bootstrap-server "127.0.0.1:$PORT" --list)
pids=()
while read -r name partitions; do
  [[ -z ${name:-} || $name == \#* ]] && continue
  grep -qxF "$name" <<<"$existing" && continue
  log "creating topic $name ($partitions partitions)"
  tool org.apache.kafka.tools.TopicCommand --bootstrap-server "127.0.0.1:$PORT" --create --if-not-exists \
    --topic "$name" --partitions "$partitions" --replication-factor 1 \
    --config retention.ms=-1 --config cleanup.policy=delete >/dev/null & # history is kept: a rebuild replays it
  pids+=($!)
done <"$TOPICS"
for pid in "${pids[@]}"; do wait "$pid" || die "creating a topic failed (see above)"; done

echo "KAFKA_BROKERS=127.0.0.1:$PORT"
