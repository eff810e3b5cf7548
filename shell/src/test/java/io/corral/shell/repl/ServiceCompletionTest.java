package io.corral.shell.repl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.jline.reader.Candidate;
import org.jline.reader.ParsedLine;
import org.junit.jupiter.api.Test;

/** Service ids complete from the live values wherever a service is expected, and only there. */
class ServiceCompletionTest {
  static final LiveCompletions LIVE = new LiveCompletions() {
    @Override
    public List<Value> agents() {
      return List.of(new Value("agent-1", null));
    }

    @Override
    public List<Value> tasks() {
      return List.of(new Value("task-1", null));
    }

    @Override
    public List<Value> taskNames() {
      return List.of();
    }

    @Override
    public List<Value> frameworks() {
      return List.of();
    }

    @Override
    public List<Value> hosts() {
      return List.of();
    }

    @Override
    public List<Value> roles() {
      return List.of();
    }

    @Override
    public List<Value> services() {
      return List.of(new Value("/web", null), new Value("/prod/db", null));
    }
  };

  static List<String> complete(String... words) {
    List<String> all = List.of(words);
    ParsedLine line = new ParsedLine() {
      @Override
      public String word() {
        return all.get(all.size() - 1);
      }

      @Override
      public int wordCursor() {
        return word().length();
      }

      @Override
      public int wordIndex() {
        return all.size() - 1;
      }

      @Override
      public List<String> words() {
        return all;
      }

      @Override
      public String line() {
        return String.join(" ", all);
      }

      @Override
      public int cursor() {
        return line().length();
      }
    };
    List<Candidate> candidates = new ArrayList<>();
    new ModelCompleter(CompletionScripts.model().getCommandSpec(), LIVE).complete(null, line, candidates);
    return candidates.stream().filter(c -> "services".equals(c.group()) || "tasks".equals(c.group()))
        .map(Candidate::value).sorted().toList();
  }

  @Test
  void serviceIdsWhereAServiceIsExpected() {
    assertEquals(List.of("/prod/db", "/web"), complete("service", "show", ""));
    assertEquals(List.of("/prod/db", "/web"), complete("service", "scale", ""));
    assertEquals(List.of("/prod/db", "/web"), complete("service", "logs", ""));
    assertEquals(List.of("/prod/db", "/web"), complete("services", "remove", ""));
    assertEquals(List.of(), complete("service", "scale", "/web", ""));
    assertEquals(List.of("task-1"), complete("logs", ""));
  }
}
