"""What a learner works with: quizzes, interview flashcards, progress, printing, glossary and terms."""
