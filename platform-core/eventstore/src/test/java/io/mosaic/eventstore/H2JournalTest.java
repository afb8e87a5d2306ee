package io.mosaic.eventstore;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalUnit;

/** The H2 journal passes the journal contract, in memory and on file. It keeps timestamps to the nanosecond. */
class H2JournalTest {

    @Nested
    class InMemory extends JournalContract {
        private EmbeddedDatabase database;

        @BeforeEach
        void open() {
            database = EmbeddedDatabase.inMemory();
        }

        @AfterEach
        void close() {
            database.close();
        }

        @Override
        protected Journal journal() {
            return database.journal();
        }

        @Override
        protected TemporalUnit timestampPrecision() {
            return ChronoUnit.NANOS;
        }
    }

    @Nested
    class OnFile extends JournalContract {
        @TempDir
        Path directory;
        private EmbeddedDatabase database;

        @BeforeEach
        void open() {
            database = EmbeddedDatabase.open(directory);
        }

        @AfterEach
        void close() {
            database.close();
        }

        @Override
        protected Journal journal() {
            return database.journal();
        }

        @Override
        protected TemporalUnit timestampPrecision() {
            return ChronoUnit.NANOS;
        }
    }
}
