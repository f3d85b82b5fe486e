//! The summariser's own function-word list.
//!
//! The topic classifier's stop list drops reporting words (said, told, says, Mr, Ms) because
//! they say nothing about a topic; for summaries they mark attributed statements, the backbone
//! of news, so this list keeps them and drops only grammatical words.

use crate::text::{AnalyzerOptions, Language, StopWordList};

/// Grammatical words: articles, pronouns, auxiliaries, prepositions, conjunctions.
const FUNCTION_WORDS: &str = "a about above after again against all also am an and any are as at
be because been before being below between both but by can could did do does doing down during
each few for from further had has have having he her here hers herself him himself his how i if
in into is it its itself just me more most my myself no nor not now of off on once only or other
our ours ourselves out over own same she should so some such than that the their theirs them
themselves then there these they this those through to too under until up very was we were what
when where which while who whom why will with would you your yours yourself yourselves s t don
can't won't isn't it's i'm he's she's they're we're that's there's";

/// The words of the list.
pub fn function_words() -> Vec<String> {
    FUNCTION_WORDS
        .split_whitespace()
        .map(str::to_string)
        .collect()
}

/// Analyzer options for summaries: English stemming, this list as stop words.
pub fn summary_analyzer_options() -> AnalyzerOptions {
    AnalyzerOptions {
        language: Language::English,
        stop_words: StopWordList::Custom(function_words()),
        keep_numbers: false,
        min_chars: 2,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::Analyzer;

    #[test]
    fn keeps_reporting_words_and_drops_grammar() {
        let mut a = Analyzer::new(summary_analyzer_options());
        let mut terms = Vec::new();
        a.for_each_term("Mr Okafor said the minister told them", |id, _| {
            terms.push(id)
        });
        // mr, okafor, said, minister, told: "the" and "them" are dropped.
        assert_eq!(terms.len(), 5);
    }
}
