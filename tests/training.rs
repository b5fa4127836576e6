//! The deterministic trainer: it lowers the loss on plain and residual networks, repeats itself
//! bit for bit, keeps frozen biases and low ranks exactly, its penalties shrink the weights, and
//! its snapshots are exact networks the enumerator accepts.

mod common;

use common::*;
use relupoly::exact::{rank, Rational};
use relupoly::experiment::{
    collapsed, constant_loss, loss, train, train_with, Optimizer, Regularisation, Task, Training,
    TrainingSetup,
};
use relupoly::network::{BiasInit, BlockKind, LowRank, Network, RandomSpec, WeightInit};

fn spec(d: usize, widths: &[usize], seed: u64) -> RandomSpec {
    RandomSpec {
        input_dim: d,
        widths: widths.to_vec(),
        output: Some(1),
        init: WeightInit::HeNormal,
        bias: BiasInit::Pytorch,
        seed,
        bits: None,
        blocks: BlockKind::plain(),
        first_layer_rank: None,
    }
}

fn with_output(d: usize, widths: &[usize], seed: u64) -> Network {
    spec(d, widths, seed).generate().unwrap()
}

fn sinusoid(optimizer: Optimizer, rate: f64) -> Training {
    Training {
        task: Task::Sinusoid,
        optimizer,
        rate,
        points: 8,
    }
}

/// Every bias of the network (hidden layers, residual outer layers, output layer).
fn biases(network: &Network) -> Vec<Rational> {
    let mut all = Vec::new();
    for block in network.blocks() {
        all.extend(block.layer.biases.iter().cloned());
        if let Some(shortcut) = &block.shortcut {
            all.extend(shortcut.outer.biases.iter().cloned());
        }
    }
    all.extend(network.output().unwrap().biases.iter().cloned());
    all
}

/// Every weight of the network (hidden, residual outer and output matrices), as f64.
fn weights(network: &Network) -> Vec<f64> {
    let mut layers: Vec<&relupoly::network::Layer> = Vec::new();
    for block in network.blocks() {
        layers.push(&block.layer);
        layers.extend(block.shortcut.as_ref().map(|s| &s.outer));
    }
    layers.extend(network.output());
    layers
        .into_iter()
        .flat_map(|l| l.to_f64().0.into_iter().flatten())
        .collect()
}

/// The exact rank of the first layer's weight matrix.
fn first_layer_rank(network: &Network) -> usize {
    rank(&network.blocks()[0].layer.to_integers().weights)
}

#[test]
fn training_lowers_the_loss_and_is_deterministic() {
    for (task, optimizer, rate) in [
        (Task::Sphere, Optimizer::Adam, 0.01),
        (Task::Sinusoid, Optimizer::GradientDescent, 0.05),
    ] {
        let training = Training {
            task,
            optimizer,
            rate,
            points: 10,
        };
        let net = with_output(2, &[8, 8], 3);
        let trained = train(&net, &training, 150).unwrap();
        assert!(
            loss(&trained, &training) < loss(&net, &training),
            "{task:?}"
        );
        assert_eq!(
            trained,
            train(&net, &training, 150).unwrap(),
            "same bits twice"
        );
        assert_eq!(
            train(&net, &training, 0).unwrap(),
            net,
            "step 0 is the initialisation"
        );
        // The snapshot is an exact network: its regions partition the box.
        checked_box_regions(&trained);
    }
}

#[test]
fn training_needs_one_output() {
    let training = Training {
        task: Task::Sphere,
        optimizer: Optimizer::Adam,
        rate: 0.01,
        points: 4,
    };
    let net = network(2, &[4], WeightInit::HeNormal, 1);
    assert!(train(&net, &training, 1)
        .unwrap_err()
        .contains("one-unit output layer"));
}

#[test]
fn bias_free_networks_stay_bias_free_while_they_learn() {
    for blocks in ["plain", "residual", "residual-leaky:1/10"] {
        let network = RandomSpec {
            bias: BiasInit::None,
            blocks: blocks.parse().unwrap(),
            ..spec(2, &[6, 6], 4)
        }
        .generate()
        .unwrap();
        assert!(biases(&network).iter().all(|b| *b == 0u32), "{blocks}");
        let training = sinusoid(Optimizer::Adam, 0.01);
        let setup = TrainingSetup {
            freeze_biases: true,
            ..TrainingSetup::default()
        };
        let trained = train_with(&network, &training, &setup, 100).unwrap();
        assert!(
            biases(&trained).iter().all(|b| *b == 0u32),
            "{blocks}: a frozen bias moved"
        );
        assert!(
            loss(&trained, &training).unwrap() < loss(&network, &training).unwrap(),
            "{blocks}: the weights still learn"
        );
        // Without freezing, the same zero biases do move: freezing is what keeps them.
        let free = train(&network, &training, 100).unwrap();
        assert!(biases(&free).iter().any(|b| *b != 0u32), "{blocks}");
    }
}

#[test]
fn a_low_rank_first_layer_has_exactly_the_requested_rank_before_and_after_training() {
    let training = sinusoid(Optimizer::Adam, 0.01);
    for (d, width, r) in [(3, 5, 1), (3, 5, 2), (4, 6, 2), (4, 6, 3)] {
        let (network, factors) = RandomSpec {
            first_layer_rank: Some(r),
            bits: Some(16),
            ..spec(d, &[width, 4], 9)
        }
        .generate_factored()
        .unwrap();
        let factors: LowRank = factors.expect("factors of a low-rank layer");
        assert_eq!(factors.left.len(), width);
        assert_eq!(factors.right.len(), r);
        assert_eq!(first_layer_rank(&network), r, "d = {d}, r = {r}");
        let setup = TrainingSetup {
            first_layer: Some(factors),
            ..TrainingSetup::default()
        };
        let trained = train_with(&network, &training, &setup, 60).unwrap();
        assert_ne!(trained.blocks()[0].layer, network.blocks()[0].layer);
        assert_eq!(first_layer_rank(&trained), r, "trained, d = {d}, r = {r}");
        // Trained as a whole matrix, the same layer leaves the low rank.
        let whole = train(&network, &training, 60).unwrap();
        assert_eq!(first_layer_rank(&whole), d.min(width));
    }
    let full = spec(4, &[6], 9).generate().unwrap();
    assert_eq!(first_layer_rank(&full), 4);
    for r in [0, 4, 7] {
        let error = RandomSpec {
            first_layer_rank: Some(r),
            ..spec(4, &[6], 9)
        }
        .generate()
        .unwrap_err();
        assert!(error.contains("first-layer rank"), "{error}");
    }
}

#[test]
fn residual_training_lowers_the_loss_and_is_deterministic() {
    for (blocks, optimizer, rate) in [
        ("residual", Optimizer::Adam, 0.01),
        ("residual", Optimizer::GradientDescent, 0.02),
        ("residual-leaky:1/10", Optimizer::Adam, 0.01),
        ("leaky:1/10", Optimizer::Adam, 0.01),
    ] {
        let network = RandomSpec {
            blocks: blocks.parse().unwrap(),
            ..spec(2, &[6, 6], 5)
        }
        .generate()
        .unwrap();
        let training = sinusoid(optimizer, rate);
        let trained = train(&network, &training, 150).unwrap();
        let (before, after) = (
            loss(&network, &training).unwrap(),
            loss(&trained, &training).unwrap(),
        );
        assert!(after < 0.5 * before, "{blocks}: {before} -> {after}");
        assert_eq!(
            trained,
            train(&network, &training, 150).unwrap(),
            "{blocks}"
        );
        assert_eq!(
            trained.blocks()[0].activation,
            network.blocks()[0].activation
        );
        checked_box_regions(&trained);
    }
}

#[test]
fn penalties_shrink_the_weights_they_penalise() {
    let network = with_output(2, &[8, 8], 6);
    let training = sinusoid(Optimizer::GradientDescent, 0.05);
    let run = |regularisation| {
        let setup = TrainingSetup {
            regularisation,
            ..TrainingSetup::default()
        };
        weights(&train_with(&network, &training, &setup, 200).unwrap())
    };
    let plain = run(Regularisation::None);
    let l2 = run(Regularisation::L2(0.01));
    let l1 = run(Regularisation::L1(0.01));
    let squares = |w: &[f64]| w.iter().map(|v| v * v).sum::<f64>();
    let absolute = |w: &[f64]| w.iter().map(|v| v.abs()).sum::<f64>();
    assert!(
        squares(&l2) < squares(&plain),
        "L2 shrinks the squared norm"
    );
    assert!(absolute(&l1) < absolute(&plain), "L1 shrinks the 1-norm");
    let small = |w: &[f64]| w.iter().filter(|v| v.abs() < 0.01).count();
    assert!(
        small(&l1) > small(&plain),
        "L1 drives small weights to zero"
    );
    assert_eq!(
        "l2:0.0001".parse::<Regularisation>().unwrap(),
        Regularisation::L2(1e-4)
    );
    for bad in ["l3:1", "l2:-1", "l1:0", "l2:", "strong"] {
        assert!(bad.parse::<Regularisation>().is_err(), "{bad}");
    }
}

#[test]
fn a_run_forced_to_collapse_is_flagged_and_a_learning_run_is_not() {
    let network = with_output(2, &[8, 8], 7);
    let training = sinusoid(Optimizer::Adam, 0.01);
    let constant = constant_loss(&training, 2);
    let learned = loss(&train(&network, &training, 200).unwrap(), &training).unwrap();
    assert!(
        !collapsed(learned, constant),
        "{learned} against {constant}"
    );
    // A penalty this strong drives every weight to (nearly) zero: what is left is about the
    // output bias, a constant predictor.
    let setup = TrainingSetup {
        regularisation: Regularisation::L2(50.0),
        ..TrainingSetup::default()
    };
    let crushed = train_with(&network, &training, &setup, 400).unwrap();
    let final_loss = loss(&crushed, &training).unwrap();
    assert!(
        collapsed(final_loss, constant),
        "{final_loss} against {constant}"
    );
}
