"""How the model in models/ipwatch-zh-risk is made and measured; the runtime (`nlp`, `ipwatch analyze`, the
daemon) never imports this package. Each module imports only those listed before it:

    corpora, synth, annotation   the data: shared corpora and their split, the project's templates, the
                                 annotated matter set (`python -m nlp.training.annotation ...`)
    metrics                      the figures every step scores with
    base                         the recipe's settings (`DEFAULTS`), entity texts, batches, batched prediction
    pretrain                     masked-LM pre-training of the encoder
    fit                          the neural part (after `pretrain`)
    crossval                     out-of-fold entity scores from fold models (`fit` again, per fold)
    lexical                      the lexical head and the late fusion, tuned on dev and the out-of-fold scores
    recipe                       `ipwatch train`: fit -> cross-validate -> lexical head, training.json
    matter_training              the matter head on the annotated set (`ipwatch train --matters-only`)
    encoder_training             the matter encoder: export the set, fine-tune (a lent GPU), package
    card                         the model card, from training.json
    evaluate                     `ipwatch evaluate`: the model beside SnowNLP, TF-IDF and keyword baselines
"""
